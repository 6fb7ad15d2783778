// A model definition module: its exported `keys` are the fields of an index, not cookie keys.
// ok: hardcoded-secret
module.exports = { table: 'sessions', keys: ['user_id', 'device_id'], unique: true };
