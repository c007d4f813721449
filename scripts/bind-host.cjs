// Preloaded into Frappe's socketio server by scripts/demo (node -r …/bind-host.cjs apps/frappe/socketio.js):
// Frappe 15's socketio listens on every address (io.listen(port)); this makes a listen on a bare port
// listen on RECRM_BIND_HOST instead. Nothing else changes.
const net = require("net");

const host = process.env.RECRM_BIND_HOST;
if (host) {
	const listen = net.Server.prototype.listen;
	net.Server.prototype.listen = function (...args) {
		const bare = typeof args[0] === "number" || (typeof args[0] === "string" && /^\d+$/.test(args[0]));
		if (bare && (args.length === 1 || typeof args[1] === "function")) {
			args.splice(1, 0, host);
		}
		return listen.apply(this, args);
	};
}
