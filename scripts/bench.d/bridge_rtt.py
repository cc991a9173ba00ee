"""Sequential request/reply round trips per second of the Python client (antbot_client) against a bridge.

Usage: bridge_rtt.py PORT TOKEN SECONDS -> prints the round trips per second of one timed run of
``antbot.config.get`` requests, one at a time, after a one-second warm-up.
"""

import asyncio
import sys
import time

from antbot_client import BusConnection


async def run(port: int, token: str, seconds: float) -> float:
    async with BusConnection(
        "127.0.0.1", port, token=token or None, ping_interval=None, max_frames_per_second=None
    ) as bus:
        body = {"key": "trading.max_position_size"}
        warm = time.perf_counter() + 1.0
        while time.perf_counter() < warm:
            await bus.request("antbot.config.get", body)
        count = 0
        start = time.perf_counter()
        end = start + seconds
        while time.perf_counter() < end:
            await bus.request("antbot.config.get", body)
            count += 1
        return count / (time.perf_counter() - start)


if __name__ == "__main__":
    print(f"{asyncio.run(run(int(sys.argv[1]), sys.argv[2], float(sys.argv[3]))):.1f}")
