#!/usr/bin/env python3
"""Writes src/test/resources/vectors/benign/trading-notes.txt: free text and JSON bodies of the kind traders
and operators write into an AntBot request, where SQL, shell and path words appear as plain English.

Notes that say "select", "drop", "cat", "kill", "run", "exec", "union" in prose; Windows and Unix paths and URLs
mentioned in notes; JSON order and config bodies with quotes and apostrophes in their strings; shell-looking
punctuation (";", "|", "&", "$", backticks around a word) as people type it. Deterministic (fixed seed).

    python3 scripts/gen-benign-notes.py
"""
import json
import random
from pathlib import Path

rng = random.Random(20261205)
OUT = Path(__file__).resolve().parent.parent / "src/test/resources/vectors/benign/trading-notes.txt"

PAIRS = ["BTC/USDC", "ETH-USDT", "SOL/USDC", "ARB/USDT", "LINK-USD", "DOGE/USDT", "AVAX-USDC", "OP/ETH"]
PEOPLE = ["Sean O'Brien", "D'Arcy", "Zoë", "María José", "the desk", "ops", "Priya", "Kwame", "L'Estrange"]
WINPATHS = [r"C:\Users\trader\Documents\fills.csv", r"D:\exports\2026\pnl report.xlsx", r"C:\Program Files\AntBot\logs",
            r"\\fileserver\shared\risk\limits.xlsx", r"%USERPROFILE%\Desktop\notes.txt", r"C:\temp\backtest_run_12.log"]
UNIXPATHS = ["/home/trader/notes.md", "~/exports/fills-2026-03.csv", "./configs/grid.yaml", "/var/log/antbot/",
             "/opt/antbot/conf/staging.yaml", "scripts/backtest.sh", "/tmp/report.pdf"]
URLS = ["https://www.binance.com/en/trade/BTC_USDT", "https://docs.kraken.com/rest/#tag/Trading",
        "https://github.com/antbot/antbot/issues/19", "https://status.coinbase.com/", "https://tradingview.com/x/Ab12Cd34/",
        "http://intranet.example.com/wiki/Runbook?page=2&lang=en", "https://example.com/report?from=2026-01-01&to=2026-02-01"]

PROSE = [
    '"select" and "drop" are only words',
    "please select the drop-down and cat the file; then run it",
    "Select the best pairs, then drop the ones with spread > 0.2%",
    "drop table stakes: we only trade the top 10 by volume",
    "union of both watchlists; remove duplicates by hand",
    "cat on the keyboard again, ignore order #{n}",
    "kill the bot if drawdown > 5%; restart after review",
    "Run the backtest for {pair} from 2021 to 2024, then compare",
    "exec summary: {pair} up {pct}% this week, ETH flat",
    "ls of the exports folder looked fine to {person}",
    "grep the logs for 'timeout' before escalating",
    "echo from {person}: 'all good on our side'",
    "ping {person} if the fill rate drops below 90%",
    "sleep on it; revisit {pair} tomorrow",
    "wait for the close, then sell half | keep half",
    "Buy 5 | sell 3 | hold the rest",
    "P&L: +{pct}% & rising; AT&T earnings on Thursday",
    "R&D budget approved; Q&A session at 3pm",
    "If BTC > 100k then sell 10%, else hold",
    "if price == 0.5 then alert me",
    "for each pair in the list, check the spread",
    "set alert(s) on {pair} at {price}",
    "confirm(ed) with {person} by phone",
    "order by volume desc, then by spread",
    "ORDER BY is not a feature of the UI, sort by clicking the header",
    "where clause? just filter the table view",
    "insert the new key into the vault, not into the config",
    "update: the maker fee is now 0.02%",
    "delete the old API key from Kraken; create a new one with trade-only rights",
    "1=1 parity with the hedge, roughly",
    "it's {person}'s desk; don't touch the 'risky' strategies",
    "O'Brien's grid keeps {pair} between {price} and {price2}",
    "we're 'long' {pair} and 'short' its perp",
    "the cron job (runs at 02:00) exports fills to {unixpath}",
    "saved the report to {winpath}",
    "see {winpath} and {unixpath} for the numbers",
    "details: {url}",
    "screenshots at {url} (login needed)",
    "costs $5 in fees; $BTC (bitcoin) still the largest position",
    "use `limit` orders only, never `market` on thin books",
    "price ${price} is the limit; {{pair}} placeholders are fine",
    "ratio 3:1, window 14/28, threshold <= 0.7 && volume >= 1M",
    "spread < 0.1% and depth > 50k; or skip",
    "email {person} at ops@example.com; cc risk@example.com",
    "notes: 1) rebalance 2) take profit 3) drop the laggards",
    "moving avg(14) crossed avg(50) on the 4h",
    "file (csv) attached; the system (v2) restarted at 09:00",
    "the process took 3 s; import the CSV of last month's fills",
    "while true range persists, hold",
    "constructor of the strategy takes (pair, size, leverage)",
    "Java and Python bots both read the same config",
    "download from {url} then open in Excel",
    "copy {winpath} to {unixpath} before the audit",
    "top 5 pairs by volume; bottom 5 dropped",
    "who is on call? {person}",
    "history of fills since March",
    "type: limit, time in force: GTC",
    "mount of the data volume failed once, fixed now",
    "I <3 this pair; price < 140 and > 120",
    "wait... then buy",
    "reduce size by 1/3, then 1/2",
    "TP1/TP2/TP3 at +2%/+4%/+8%",
    "fees: 0.1% * 2 sides = 0.2% round trip",
    "docs say: 'cancel all' cancels open orders only",
    "He said \"don't chase it\" and I agree",
    "The \"grid\" bot's upper bound is {price2}",
]


def fill(text):
    return (text.replace("{pair}", rng.choice(PAIRS)).replace("{person}", rng.choice(PEOPLE))
            .replace("{pct}", f"{rng.uniform(0.1, 25):.1f}").replace("{price}", f"{rng.uniform(0.1, 70000):.2f}")
            .replace("{price2}", f"{rng.uniform(0.1, 70000):.2f}").replace("{winpath}", rng.choice(WINPATHS))
            .replace("{unixpath}", rng.choice(UNIXPATHS)).replace("{url}", rng.choice(URLS))
            .replace("{n}", str(rng.randint(1000, 99999))))


def order_body(note):
    body = {"symbol": rng.choice(PAIRS), "side": rng.choice(["buy", "sell"]), "type": rng.choice(["limit", "market"]),
            "quantity": f"{rng.uniform(0.001, 50):.4f}", "price": f"{rng.uniform(0.1, 70000):.2f}",
            "client_order_id": f"ord-{rng.randint(100000, 999999)}", "note": note}
    return json.dumps(body, ensure_ascii=rng.random() < 0.5)


def config_body(note):
    body = {"key": rng.choice(["trading.max_position_size", "trading.notes", "alerts.channel", "grid.upper"]),
            "value": rng.choice([5, "5", "ops-alerts", note, 0.25]), "reason": note,
            "actor": rng.choice(["ops@example.com", "sean.obrien@example.com", "desk+alerts@fund.example"])}
    return json.dumps(body)


lines = set()
while len(lines) < 3000:
    note = fill(rng.choice(PROSE))
    kind = rng.random()
    if kind < 0.45:
        lines.add(note)
    elif kind < 0.75:
        lines.add(order_body(note))
    elif kind < 0.9:
        lines.add(config_body(note))
    else:
        lines.add(note.capitalize() if rng.random() < 0.5 else note.upper())

OUT.write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
print(f"wrote {len(lines)} lines to {OUT}")
