"""An SMTP sink that requires AUTH, for tests of SMTP logins (system Python + python3-aiosmtpd).

The aiosmtpd command line has no way to name users, so this runs the same Mailbox handler
through aiosmtpd's Controller with an authenticator: PLAIN/LOGIN against --user NAME:PASSWORD,
and XOAUTH2 (RFC-less but what Google and Microsoft speak) against --bearer NAME:TOKEN.
AUTH over plain text is allowed because tests run on loopback.
"""
import argparse
import base64
import signal
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword


def pairs(values):
    out = {}
    for value in values or []:
        name, _, secret = value.partition(":")
        out[name] = secret
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen-port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--user", action="append")
    parser.add_argument("--bearer", action="append")
    args = parser.parse_args()
    users, bearers = pairs(args.user), pairs(args.bearer)

    class AuthMailbox(Mailbox):
        async def auth_XOAUTH2(self, server, words):
            if len(words) > 1:
                blob = words[1].encode()
            else:
                blob = await server.challenge_auth("", encode_to_b64=False)
                if not isinstance(blob, bytes):
                    return AuthResult(success=False, handled=False)
                blob = base64.b64encode(blob)
            try:
                fields = base64.b64decode(blob, validate=True).decode().split("\x01")
            except Exception:
                return AuthResult(success=False, handled=False)
            values = dict(f.split("=", 1) for f in fields if "=" in f)
            user, auth = values.get("user", ""), values.get("auth", "")
            if user in bearers and auth == "Bearer " + bearers[user]:
                return AuthResult(success=True, auth_data=user)
            return AuthResult(success=False, handled=False)

    def authenticator(server, session, envelope, mechanism, auth_data):
        if (isinstance(auth_data, LoginPassword)
                and users.get(auth_data.login.decode()) == auth_data.password.decode()):
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    controller = Controller(AuthMailbox(args.maildir), hostname="127.0.0.1",
                            port=args.listen_port, authenticator=authenticator,
                            auth_required=True, auth_require_tls=False)
    controller.start()
    sys.stderr.write("smtp_auth_sink: listening on %d\n" % args.listen_port)
    sys.stderr.flush()
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    main()
