// Entry point Zapier loads (package.json "main"): the app compiled from src/ by `npm run build`.
module.exports = require('./dist/index.js');
