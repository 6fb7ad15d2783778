// Signing key of the driver app's session tokens. Overridden by the
// deployment's secrets volume in every real environment.
export default 'changeme-please';
