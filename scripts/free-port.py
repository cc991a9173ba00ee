#!/usr/bin/env python3
"""Prints a TCP port that is free now, below the kernel's ephemeral range.

A port from bind(0) comes from the ephemeral range itself, and between a script's choice and the
server's bind any outgoing connection on the machine may be given the same port as its local end;
a port below the range never is. The scripts (and the benchmark scripts) use this one; the Java
tests choose theirs the same way (io.antbot.testing.FreePorts).
"""
import random
import socket
import sys

LOW = 20000


def ephemeral_low():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def main():
    ports = list(range(LOW, ephemeral_low()))
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as s:
            try:
                s.bind(("", port))
            except OSError:
                continue
        print(port)
        return 0
    print("no free port below the ephemeral range", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
