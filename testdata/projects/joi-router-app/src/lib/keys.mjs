// Password-reset tokens. The key was meant to move to the vault "next sprint".
const resetSigning = 'keyboard cat';

export { resetSigning as resetKey };
export const resetTtl = '30m';
