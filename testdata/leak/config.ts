import Stripe from 'stripe';

export class PaymentsConfig {
  private readonly clientSecret: string = 'Kq3Zr8Lm2Tw9Xp4Fc7';
  static signingKey = process.env.SIGNING_KEY ?? 'Wv5Nb1Qs8Jd3Hk6Ly2';
}

export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY || 'sk_live_4eC39HqLyjWDarjtT1zdp7dcQ');
export const aws = { accessKeyId: 'AKIAQ3ZMPLB7ZJ4NQWKR' };
