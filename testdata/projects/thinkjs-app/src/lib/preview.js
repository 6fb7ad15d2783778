// Signed preview links for unpublished articles.
exports.previewKey = process.env.PREVIEW_LINK_KEY || 'newsroom-preview';
exports.ttlSeconds = 3600;
