"""A tiny OAuth2 authorisation server for tests (system Python, standard library only).

POST /token       refresh_token grant: the configured refresh token gets the configured access
                  token; anything else gets 400 invalid_grant, as Google and Microsoft answer.
POST /introspect  RFC 7662-style check that Dovecot's oauth2 passdb calls (token=...).

It binds 127.0.0.1:0 and writes the port it got to --port-file, so there is no port race.
"""
import argparse
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--refresh-token", required=True)
    parser.add_argument("--access-token", required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--expires-in", type=int, default=3600)
    args = parser.parse_args()

    class Handler(BaseHTTPRequestHandler):
        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path == "/token":
                if form.get("grant_type") != "refresh_token" or form.get("client_id") != args.client_id:
                    self.reply(400, {"error": "invalid_request",
                                     "error_description": "grant_type or client_id is wrong"})
                elif form.get("refresh_token") != args.refresh_token:
                    self.reply(400, {"error": "invalid_grant",
                                     "error_description": "Token has been expired or revoked."})
                else:
                    self.reply(200, {"access_token": args.access_token, "token_type": "Bearer",
                                     "expires_in": args.expires_in})
            elif self.path == "/introspect":
                if form.get("token") == args.access_token:
                    self.reply(200, {"active": True, "username": args.user})
                else:
                    self.reply(200, {"active": False})
            else:
                self.reply(404, {"error": "not_found"})

        def log_message(self, fmt, *values):
            sys.stderr.write("token_endpoint: " + (fmt % values) + "\n")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, args.port_file)  # readers never see a half-written port
    server.serve_forever()


if __name__ == "__main__":
    main()
