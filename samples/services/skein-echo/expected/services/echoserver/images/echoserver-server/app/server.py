"""A tiny TCP echo server (the Skein example's service)."""
import argparse
import socketserver


class Echo(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        for line in self.rfile:
            self.wfile.write(line)


parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=8888)
with socketserver.TCPServer(("", parser.parse_args().port), Echo) as server:
    server.serve_forever()
