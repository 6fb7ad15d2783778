const token = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcQ'; function (
