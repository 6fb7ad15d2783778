// default config
module.exports = {
  workers: 1,
  port: 8360,
  stickyCluster: false,
  editorJwt: {
    issuer: 'newsroom',
    // ok: hardcoded-secret -- read from the environment
    secret: process.env.EDITOR_JWT_SECRET,
    expiresIn: '8h',
  },
};
