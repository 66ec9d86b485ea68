#!/usr/bin/env python3
"""ghserver.py - a GitHub REST API stand-in for tests/test_github.c.

Serves the issues of a corpus file (a saved /issues listing) on 127.0.0.1,
shaped like api.github.com: GET /SCENARIO/repos/OWNER/REPO/issues and
/pulls, sorted and paged (at most --per-page items a page, with Link
headers), weak ETags and 304 answers to If-None-Match.  The first path
segment picks how the server misbehaves:

  ok             behaves
  flaky          answers 500 to the first request, then behaves
  ratelimit-N    answers 403 with X-RateLimit-Remaining: 0 and a reset N
                 seconds ahead to the first request, then behaves
  truncated      cuts the body of page 2 of /issues in half
  slow           sleeps --slow seconds before every answer
  slowonce       sleeps --slow seconds before the first answer only

POST /_control/touch/N marks issue N edited (title, and updated_at after all others).
Every request is appended to --log as one JSON line: method, path, status,
if_none_match, authorization.  On start the port is printed on stdout.
Usage: ghserver.py CORPUS.json [--per-page N] [--log FILE] [--slow S]
It listens on $GHSERVER_BIND when set (an address of this machine), else on
127.0.0.1; a request for an absolute URL (as a client sends to a proxy) is
logged like any other.
"""
import argparse
import hashlib
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

LOCK = threading.Lock()
SEEN = {}  # scenario -> requests so far


def pull_of(issue, repo):
    """The /pulls shape of a pull request from the /issues listing."""
    n = issue["number"]
    login = (issue.get("user") or {}).get("login") or "someone"
    return {
        "url": issue["url"].replace("/issues/", "/pulls/"),
        "id": issue["id"], "number": n, "state": issue["state"], "title": issue["title"],
        "body": issue.get("body"), "user": issue.get("user"), "labels": issue.get("labels", []),
        "created_at": issue["created_at"], "updated_at": issue["updated_at"],
        "closed_at": issue.get("closed_at"),
        "merged_at": (issue.get("pull_request") or {}).get("merged_at"),
        "html_url": issue["html_url"],
        "head": {"label": "%s:pr-%d" % (login, n), "ref": "pr-%d" % n,
                 "sha": hashlib.sha1(b"head %d" % n).hexdigest()},
        "base": {"label": "%s:main" % repo.split("/")[0], "ref": "main", "repo": {"full_name": repo}},
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def record(self, status):
        if self.server.log:
            with LOCK, open(self.server.log, "a") as f:
                f.write(json.dumps({
                    "method": self.command, "path": self.path, "status": status,
                    "if_none_match": self.headers.get("If-None-Match"),
                    "authorization": self.headers.get("Authorization"),
                    "accept": self.headers.get("Accept"),
                    "api_version": self.headers.get("X-GitHub-Api-Version"),
                    "user_agent": self.headers.get("User-Agent"),
                }) + "\n")

    def send(self, status, body=b"", headers=None):
        self.record(status)
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_POST(self):
        parts = urlsplit(self.path).path.strip("/").split("/")
        if len(parts) == 3 and parts[:2] == ["_control", "touch"]:
            with LOCK:
                for it in self.server.issues:
                    if str(it["number"]) == parts[2]:
                        it["updated_at"] = "2099-01-01T00:00:00Z"  # after every date of the corpus
                        it["title"] += " (edited)"
            return self.send(204)
        self.send(404)

    def do_GET(self):
        url = urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        if len(parts) != 5 or parts[1] != "repos" or parts[4] not in ("issues", "pulls"):
            return self.send(404, b'{"message": "Not Found"}', {"Content-Type": "application/json"})
        scenario, owner, repo, kind = parts[0], parts[2], parts[3], parts[4]
        with LOCK:
            SEEN[scenario] = SEEN.get(scenario, 0) + 1
            first_ever = SEEN[scenario] == 1
        if scenario == "slow" or (scenario == "slowonce" and first_ever):
            time.sleep(self.server.slow)
        if scenario == "flaky" and first_ever:
            return self.send(500, b'{"message": "Server Error"}', {"Content-Type": "application/json"})
        if scenario.startswith("ratelimit-") and first_ever:
            reset = int(time.time()) + int(scenario.split("-")[1])
            return self.send(403, b'{"message": "API rate limit exceeded"}', {
                "Content-Type": "application/json", "X-RateLimit-Limit": "60",
                "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)})

        q = {k: v[-1] for k, v in parse_qs(url.query).items()}
        full = "%s/%s" % (owner, repo)
        with LOCK:
            items = [dict(i) for i in self.server.issues
                     if i["repository_url"].lower().endswith("/repos/" + full.lower())]
        if kind == "pulls":
            items = [pull_of(i, full) for i in items if "pull_request" in i]
        state = q.get("state", "open")
        if state != "all":
            items = [i for i in items if i["state"] == state]
        if "since" in q and kind == "issues":
            items = [i for i in items if i["updated_at"] >= q["since"]]
        key = "updated_at" if q.get("sort") == "updated" else "created_at"
        items.sort(key=lambda i: (i[key], i["number"]), reverse=q.get("direction", "desc") == "desc")
        per = max(1, min(int(q.get("per_page", 30)), self.server.per_page))
        page = max(1, int(q.get("page", 1)))
        last = max(1, (len(items) + per - 1) // per)
        body = json.dumps(items[(page - 1) * per:page * per]).encode()
        if scenario == "truncated" and kind == "issues" and page == 2:
            body = body[:len(body) // 2]

        base = "http://%s:%d%s" % (self.server.server_address[0], self.server.server_address[1], url.path)
        links = []
        for rel, p in (("next", page + 1), ("last", last), ("first", 1), ("prev", page - 1)):
            if (rel == "next" and page < last) or (rel == "prev" and page > 1) or rel in ("last", "first"):
                links.append('<%s?%s>; rel="%s"' % (base, urlencode(dict(q, page=p)), rel))
        etag = 'W/"%s"' % hashlib.sha1(body).hexdigest()
        headers = {"Content-Type": "application/json; charset=utf-8", "ETag": etag, "Link": ", ".join(links),
                   "X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "4999"}
        if self.headers.get("If-None-Match") == etag:
            return self.send(304, b"", {"ETag": etag, "Link": headers["Link"]})
        self.send(200, body, headers)


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A client that went away (a test killed it) is no fault of the server's."""
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--per-page", type=int, default=100)
    ap.add_argument("--log")
    ap.add_argument("--slow", type=float, default=3.0)
    a = ap.parse_args()
    with open(a.corpus) as f:
        issues = json.load(f)
    srv = Server((os.environ.get("GHSERVER_BIND") or "127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.issues, srv.per_page, srv.log, srv.slow = issues, a.per_page, a.log, a.slow
    print(srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
