"""A stand-in Bluesky PDS on loopback: the XRPC calls the verifier makes, over real HTTP.

It checks what a real PDS checks: the app password on createSession, the bearer token on writes,
the repository being the signed-in account's, the record's shape. It keeps the records it holds,
and can be told to answer the next calls with an error (a PDS that is down).
"""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DID = "did:plc:registryverifier0000000001"
HANDLE = "registre.gouv.example"
PASSWORD = "abcd-efgh-ijkl-mnop"
TOKEN = "access-token-of-the-registry"
COLLECTION = "app.bsky.graph.verification"
RECORD_FIELDS = {"$type", "subject", "handle", "displayName", "createdAt"}


class StandInPDS:
    def __init__(self):
        self.records: dict[str, dict] = {}  # rkey -> record
        self.calls: list[tuple[str, str]] = []  # (method, authorization)
        self.fail_next: list[int] = []  # HTTP statuses to answer the next calls with
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def writes(self) -> list[str]:
        return [m for m, _auth in self.calls if m.endswith(("createRecord", "deleteRecord"))]

    def _handler(self):
        pds = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                self._answer()

            def do_POST(self):
                self._answer()

            def _answer(self):
                path, _, query = self.path.partition("?")
                method = path.removeprefix("/xrpc/")
                pds.calls.append((method, self.headers.get("Authorization", "")))
                if pds.fail_next:
                    return self._send(pds.fail_next.pop(0), {"error": "InternalServerError"})
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}") if length else {}
                params = dict(urllib.parse.parse_qsl(query))
                status, answer = pds.dispatch(method, body, params, self.headers)
                self._send(status, answer)

            def _send(self, status, answer):
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def dispatch(self, method: str, body: dict, params: dict, headers) -> tuple[int, dict]:
        if method == "com.atproto.server.createSession":
            if body != {"identifier": HANDLE, "password": PASSWORD}:
                return 401, {"error": "AuthenticationRequired", "message": "Invalid password"}
            return 200, {"did": DID, "handle": HANDLE, "accessJwt": TOKEN, "refreshJwt": "r"}
        if method == "com.atproto.repo.getRecord":
            record = self.records.get(params.get("rkey", ""))
            if params.get("repo") != DID or params.get("collection") != COLLECTION or not record:
                return 400, {"error": "RecordNotFound", "message": "Could not locate record"}
            return 200, {"uri": self.uri(params["rkey"]), "cid": "bafy", "value": record}
        if headers.get("Authorization") != f"Bearer {TOKEN}":
            return 401, {"error": "AuthenticationRequired"}
        if body.get("repo") != DID or body.get("collection") != COLLECTION:
            return 400, {"error": "InvalidRequest", "message": "wrong repo or collection"}
        if method == "com.atproto.repo.createRecord":
            return self._create(body)
        if method == "com.atproto.repo.deleteRecord":
            self.records.pop(body.get("rkey", ""), None)  # deleting what is not there succeeds
            return 200, {}
        return 501, {"error": "MethodNotImplemented"}

    def _create(self, body: dict) -> tuple[int, dict]:
        record, rkey = body.get("record", {}), body.get("rkey", "")
        if set(record) != RECORD_FIELDS or record["$type"] != COLLECTION:
            return 400, {"error": "InvalidRecord", "message": f"fields {sorted(record)}"}
        if not record["subject"].startswith("did:") or len(rkey) != 13:
            return 400, {"error": "InvalidRecord", "message": "subject must be a DID; rkey a TID"}
        if rkey in self.records:
            return 400, {"error": "InvalidRequest", "message": "Record already exists"}
        self.records[rkey] = record
        return 200, {"uri": self.uri(rkey), "cid": "bafy"}

    def uri(self, rkey: str) -> str:
        return f"at://{DID}/{COLLECTION}/{rkey}"
