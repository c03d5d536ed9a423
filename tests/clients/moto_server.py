"""Moto in server mode for tests/cli/deploy_runs.rs: listens on 127.0.0.1 with a port the system
picks, prints that port on one line, and stops when its standard input closes (the test ended or
died), so it never outlives the test.

The test sets, in its environment: MOTO_ACCOUNT_ID (an account other than the files' placeholder,
so a placeholder left in place shows), MOTO_ECS_SERVICE_RUNNING (moto runs no tasks; this is the
running count it reports) and MOTO_ACM_VALIDATION_WAIT (seconds before a requested certificate
counts as validated) and MOTO_IAM_LOAD_MANAGED_POLICIES (AWS managed policies exist, as in a
real account).
"""
import sys

from moto.server import ThreadedMotoServer

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
sys.stdin.read()
server.stop()
