#!/usr/bin/env python3
"""Writes src/test/resources/vectors/benign/trading-api.txt: realistic, benign trading-API traffic values.

One value per line, as the threat scanner sees them: query and form values (some still URL-encoded), JSON
bodies, header values (user agents, Accept, cookies), paths, identifiers and free-text notes written the way
traders write them. Deterministic (fixed seed), so the file only changes when this script does.

    python3 scripts/gen-benign-corpus.py
"""
import json
import random
import urllib.parse
import uuid
from pathlib import Path

rng = random.Random(20240501)
OUT = Path(__file__).resolve().parent.parent / "src/test/resources/vectors/benign/trading-api.txt"

BASES = ["BTC", "ETH", "SOL", "XRP", "ADA", "DOGE", "AVAX", "DOT", "LINK", "MATIC", "ATOM", "LTC", "BNB", "ARB",
         "OP", "APT", "SUI", "NEAR", "TIA", "INJ", "PEPE", "WIF", "BONK", "JUP", "PYTH", "SEI", "TON", "TRX", "XLM",
         "AAVE", "UNI", "MKR", "CRV", "LDO", "RNDR", "FET", "GRT", "IMX", "STX", "HBAR"]
QUOTES = ["USDC", "USDT", "USD", "EUR", "BTC", "ETH", "GBP", "JPY", "DAI", "FDUSD"]
SIDES = ["buy", "sell", "BUY", "SELL", "long", "short"]
TYPES = ["limit", "market", "stop_limit", "stop_market", "take_profit", "trailing_stop", "post_only", "ioc", "fok"]
STATUSES = ["new", "open", "partially_filled", "filled", "canceled", "rejected", "expired", "pending_cancel"]
EXCHANGES = ["binance", "kraken", "coinbase", "okx", "bybit", "kucoin", "bitstamp", "gemini", "bitfinex",
             "deribit", "hyperliquid", "jupiter", "raydium", "orca", "uniswap"]
FIRST = ["Liam", "Olivia", "Noah", "Emma", "Sean", "Aoife", "Patrick", "Siobhan", "José", "María", "Zoë", "Chloé",
         "Björn", "Søren", "Łukasz", "Ana-Maria", "Jean-Luc", "Mary Ann", "D'Andre", "Li", "Wei", "Yuki", "Priya",
         "Arjun", "Fatima", "Omar", "Nguyễn", "Anh", "Kwame", "Ngozi", "François", "Renée", "Ødegaard", "Ilse"]
LAST = ["O'Brien", "O'Connor", "O'Neil", "D'Angelo", "McDonald", "Smith-Jones", "van der Berg", "de la Cruz",
        "Müller", "Østergaard", "García", "Núñez", "Nakamura", "Zhang", "Patel", "Okafor", "Dupont", "L'Estrange",
        "St. John", "Fitzgerald", "Al-Sayed", "Ben-David", "Ó Súilleabháin", "MacLeod", "Da Silva", "Kowalski"]
CITIES = ["New York", "London", "Singapore", "Zürich", "São Paulo", "Dubai", "Hong Kong", "Tokyo", "Lagos",
          "Berlin", "Paris", "Toronto, ON", "Sydney", "Mexico City", "Tel Aviv", "Seoul"]
STRATEGIES = ["grid", "dca", "market-making", "arbitrage", "momentum", "mean-reversion", "twap", "vwap",
              "funding-arb", "basis", "breakout", "scalper", "hodl"]
TIMEFRAMES = ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "12h", "1d", "3d", "1w", "1M"]
TZ = ["Z", "+00:00", "+01:00", "-05:00", "+08:00", "+05:30", "-03:00"]


def pair(sep=None):
    b, q = rng.choice(BASES), rng.choice(QUOTES)
    while q == b:
        q = rng.choice(QUOTES)
    sep = rng.choice(["/", "-", "_", "", ":"]) if sep is None else sep
    s = f"{b}{sep}{q}"
    return s.lower() if rng.random() < 0.1 else s


def dec(lo=0.0001, hi=100000.0, places=None):
    places = rng.choice([0, 1, 2, 3, 4, 6, 8]) if places is None else places
    return f"{rng.uniform(lo, hi):.{places}f}"


def iso():
    y, mo, d = rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28)
    h, mi, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    frac = rng.choice(["", f".{rng.randint(0, 999):03d}", f".{rng.randint(0, 999999):06d}"])
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{frac}{rng.choice(TZ)}"


def date():
    return f"{rng.randint(2019, 2026):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def name():
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def price():
    return dec(0.01, 70000, rng.choice([2, 3, 4]))


def pct():
    return f"{rng.uniform(-25, 25):.{rng.choice([1, 2])}f}%"


def hexs(n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def b58(n):
    return "".join(rng.choice("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz") for _ in range(n))


def b64(n):
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(n))


def uid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


NOTES = [
    "Buy the dip -- RSI < 30; stop @ {p} (tight!)",
    "Don't chase; wait for a retest of the 0.618 fib at {p}",
    "Closing 50% & trailing the rest, TP2 at {p}",
    "P&L: {pct} (fees incl.), funding paid 3x",
    "Moved SL to BE; TP1 hit @ {p}",
    "{name}'s idea: long {pair} if > {p}, else stay flat",
    "Select pairs with volume > 1M and spread < 0.1% for the grid",
    "Update the order by noon or cancel it",
    "Drop the position if funding > 0.01%/8h",
    "Scale in: 1/3 now, 1/3 at {p}, 1/3 at {p2}",
    "Stop hunt below {p}? Looks like it -- reloaded",
    "Rebalance: 60/40 {b}/{q}, drift > 5% triggers",
    "Order #{n} filled at {p} (avg), slippage 0.04%",
    "Bot paused: exchange said \"rate limit exceeded\" (HTTP 429)",
    "Note to self: don't trade the FOMC -- wait until 2:30pm ET",
    "Hedged with perps; delta ~0, gamma short",
    "{name} asked: \"why was the order rejected?\" -- insufficient margin",
    "Break-even at {p}; R:R = 1:3",
    "Grid from {p} to {p2}, 40 levels, 0.5% step",
    "TWAP over 4h, max 2% of volume per slice",
    "Entry {p}, stop {p2}, target {p3}; risk 1% of equity",
    "Weekly close above {p} would confirm the breakout",
    "Sold into strength; will re-buy if we lose {p}",
    "Took profit on half -- let the runner ride",
    "Short squeeze incoming? OI up 12%, funding negative",
    "Watch {pair} & {pair2}: correlation broke down this week",
    "Cancel all open orders on {ex} before maintenance at {time} UTC",
    "Withdrawal to cold wallet: {amt} {b} (tx pending)",
    "Deposit of {amt} {q} arrived after 12 confirmations",
    "Fee tier changed to VIP 2 (maker 0.02%, taker 0.04%)",
    "Slippage was 0.3% -- use limit orders next time!",
    "Volume spike at {time}: 3x the 20-period average",
    "{b} looks weak vs {q}; rotate into majors?",
    "Pause the DCA bot until CPI is out (Wed 8:30 ET)",
    "Order book is thin above {p}; expect wicks",
    "Re: your question -- yes, the bot trades 24/7 incl. weekends",
    "Stop-loss was triggered at {p}, loss = {pct}",
    "Trailing stop 2.5% / activation at +4%",
    "Fill or kill, post-only, reduce-only: all set",
    "Limit buy {amt} {b} @ {p}, GTC",
    "Take 25% off at each of {p}, {p2} and {p3}",
    "Where is support? {p} then {p2}",
    "Insert a pause between orders (500 ms) to avoid the 10 req/s limit",
    "Delete the old API key from the dashboard after rotating",
    "Create a new sub-account for the arb bot",
    "Alter the grid: narrower range, more levels",
    "Exec summary: +{pct} MTD, max drawdown 4.1%, Sharpe 1.8",
    "Union of both watchlists = 23 pairs",
    "Select all and export to CSV, then email {email}",
    "From now on, log every fill with its order id",
    "Group by strategy, order by PnL descending",
    "Having two bots on the same pair caused self-trades",
    "Where price > 200-day MA and RSI < 70, stay long",
    "1 or 2 more candles and we'll know",
    "Risk: 0.5 or 1 percent per trade, not more",
    "Buy 5 and sell 3 by Friday",
    "Set the alert at {p} and the stop at {p2}",
    "If BTC dominance < 50%, alts may run",
    "It's 'buy the rumor, sell the news' again",
    "Label it 'swing' or 'scalp' please",
    "The bot's \"safe mode\" kicked in at 03:12",
    "Use the 'post only' flag -- maker rebates matter",
    "Ping me on Telegram if the grid runs out of range",
    "Check the logs at /var/log/antbot/ for errors",
    "Run scripts/backtest.sh with --from {d} --to {d2}",
    "cat the fills file and sum the fees, it's ~0.1%",
    "Echo chamber on CT today -- ignore the noise",
    "Sleep on it; re-evaluate tomorrow at the open",
    "Wait for delay in the oracle price before liquidations",
    "Benchmark: our fill rate vs. TWAP is 98.7%",
    "Version 2.3.1 of the bot fixed the rounding bug (0.1 + 0.2 != 0.3)",
    "User reported: \"I can't log in\" -- reset 2FA",
    "Database backup at 02:00 UTC, keep 14 days",
    "Admin: please whitelist IP 203.0.113.42 for the API key",
    "Hello! Is the {b}/{q} market open on Sunday?",
    "Thanks {name} -- great call on {b} :)",
    "50% at market, 50% limit @ {p}; total {amt} {b}",
    "Max position 10% of capital; max 3 open trades",
    "{b}: accumulation zone {p}-{p2} (weekly)",
    "Spread too wide ({pct}), skipping",
    "Funding flipped positive: longs pay shorts",
    "Liquidation price {p}; margin ratio 23%",
    "Price < VWAP and volume > avg => no entry",
    "Stop @ {p} || target @ {p2} -- whichever first",
    "Trend: up (4h), down (1h), flat (15m)",
    "#{n} :: {pair} :: {side} :: {amt} @ {p}",
    "[{time}] {side} {amt} {pair} @ {p} -> filled",
    "(re)balance done; next in 7 days",
    "~{amt} {b} left in hot wallet; top up?",
    "Q: what's the min notional? A: 10 USDT",
    "Copied from {url}",
    "See {url} for the full thread",
    "Multi-leg: buy {pair}, sell {pair2}, ratio 1:2",
    "Weekend mode: half size, wider stops",
    "Mon-Fri 09:00-17:00 CET only",
    "Target 1.5R / stop 1R / time stop 48h",
    "Order size = equity * 0.02 / (entry - stop)",
    "avg_entry = sum(price * qty) / sum(qty)",
    "rsi(14) < 30 and close > sma(200)",
    "ema(9) crosses above ema(21) on the 4h",
    "macd_hist > 0 or volume > 2 * avg_volume(20)",
    "if drawdown > 10% then halve size",
    "price >= 1.05 * entry and rsi(14) >= 70",
    "close between {p} and {p2}",
    "Fees: maker -0.01% / taker 0.05% (rebate!)",
    "Don't forget: taxes on realized gains (FIFO)",
    "Ran out of BNB for fees -- bought 0.5",
    "He said \"it's fine\" but the ws feed dropped twice",
    "New ATH on {b}!!! {p}",
    "Bought more {b}... again. DCA day #{n}",
    "Why did the bot sell at {p}?? Checking logs",
    "cc {name} -- pls review before Monday",
    "The 'OR' in the filter means either condition",
    "Quote: \"Cut your losses short and let your winners run.\"",
    "Ratio {b}/{q} = {p}; mean 1.23, sd 0.08",
    "Drawdown -3.2% & recovering; no action",
    "Re-enable the bot once the exchange's status page says 'operational'",
    "Tables turned: shorts got squeezed",
    "The union rep wants the quarterly report by Friday",
    "We select the top 5 by 24h volume every morning",
    "Execute the plan; no discretionary trades today",
    "Declare the position closed in the journal",
    "Grant read-only API access to {name}",
    "Truncate the log table? No -- archive it",
    "Shutdown at 23:00 for the upgrade, back at 23:30",
    "Merge the two configs and re-deploy",
    "Call the desk at +44 20 7946 0000 if it breaks",
    "Script finished in 4.2 s; 312 orders checked",
    "Alert when {b} < {p}",
    "Click 'Save' then 'Apply' in the settings page",
    "Image of the chart: chart-{d}.png",
    "Set window to 30 days & reload",
    "Open interest: 1.2B; funding: 0.010%",
    "Long {b} / short {q} as a pair trade",
    "OK -- go",
    "Filled.",
    "n/a",
    "-",
    "tbd",
    "???",
    "...",
    "!",
]


def note():
    t = rng.choice(NOTES)
    b, q = rng.choice(BASES), rng.choice(QUOTES)
    return t.format(p=price(), p2=price(), p3=price(), pct=pct(), name=name(), pair=pair(), pair2=pair(), b=b, q=q,
                    n=rng.randint(1, 99999), amt=dec(0.01, 5000, 3), ex=rng.choice(EXCHANGES),
                    time=f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}", email=email(), url=exchange_url(),
                    d=date(), d2=date(), side=rng.choice(SIDES))


def email():
    user = rng.choice(["trader", "alerts", "ops", "desk", "john.smith", "o.brien", "m-garcia", "yuki_n", "bot"])
    tag = rng.choice(["", "+alerts", "+bot", "+2024"])
    dom = rng.choice(["example.com", "example.org", "trading-desk.io", "mail.example.net", "fund.example"])
    return f"{user}{tag}@{dom}"


def exchange_url():
    s = pair("")
    options = [
        f"https://api.binance.com/api/v3/ticker/price?symbol={s.upper()}",
        f"https://api.binance.com/api/v3/depth?symbol={s.upper()}&limit={rng.choice([5, 10, 100, 500])}",
        f"https://fapi.binance.com/fapi/v1/fundingRate?symbol={s.upper()}&limit=100",
        f"https://api.kraken.com/0/public/Ticker?pair={rng.choice(BASES)}USD",
        f"https://api.kraken.com/0/public/OHLC?pair=XBTUSD&interval={rng.choice([1, 5, 15, 60, 240, 1440])}",
        f"https://api.coinbase.com/v2/prices/{rng.choice(BASES)}-USD/spot",
        f"https://api.exchange.coinbase.com/products/{rng.choice(BASES)}-USD/candles?granularity=3600",
        f"https://www.okx.com/api/v5/market/ticker?instId={rng.choice(BASES)}-USDT",
        f"https://api.bybit.com/v5/market/tickers?category=linear&symbol={s.upper()}",
        f"https://api.kucoin.com/api/v1/market/orderbook/level1?symbol={rng.choice(BASES)}-USDT",
        f"https://www.bitstamp.net/api/v2/ticker/{s.lower()}/",
        f"https://api.gemini.com/v1/pubticker/{s.lower()}",
        f"https://api-pub.bitfinex.com/v2/tickers?symbols=t{rng.choice(BASES)}USD",
        f"https://www.deribit.com/api/v2/public/get_index_price?index_name={rng.choice(['btc_usd', 'eth_usd'])}",
        f"wss://stream.binance.com:9443/ws/{s.lower()}@trade",
        f"wss://ws.kraken.com/v2",
        f"wss://ws-feed.exchange.coinbase.com",
        f"https://api.coingecko.com/api/v3/simple/price?ids=bitcoin,ethereum,solana&vs_currencies=usd,eur",
        f"https://quote-api.jup.ag/v6/quote?inputMint={b58(44)}&outputMint={b58(44)}&amount={rng.randint(1, 10**9)}&slippageBps=50",
        f"https://api.hyperliquid.xyz/info",
        f"https://hooks.slack.com/services/T{b58(8).upper()}/B{b58(8).upper()}/{b58(24)}",
        f"https://discord.com/api/webhooks/{rng.randint(10**17, 10**18)}/{b64(60).replace('/', '_').replace('+', '-')}",
        f"https://api.telegram.org/bot{rng.randint(10**8, 10**9)}:{b58(35)}/sendMessage",
        f"https://www.tradingview.com/chart/?symbol={rng.choice(['BINANCE', 'COINBASE', 'KRAKEN'])}%3A{s.upper()}",
        f"https://etherscan.io/tx/0x{hexs(64)}",
        f"https://solscan.io/account/{b58(44)}",
        f"https://github.com/example-org/antbot-strategies/blob/main/grid/{rng.choice(STRATEGIES)}.yaml",
        f"https://status.{rng.choice(EXCHANGES)}.com/",
        f"https://x.com/{rng.choice(['whale_alert', 'binance', 'coinbase', 'krakenfx'])}/status/{rng.randint(10**18, 10**19)}",
    ]
    return rng.choice(options)


USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36 Edg/123.0.2420.97",
    "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "curl/8.4.0", "curl/7.81.0", "Wget/1.21.2", "python-requests/2.31.0", "python-httpx/0.27.0",
    "aiohttp/3.9.5", "okhttp/4.12.0", "Go-http-client/1.1", "Go-http-client/2.0", "PostmanRuntime/7.36.3",
    "Java-http-client/17.0.10", "Apache-HttpClient/4.5.14 (Java/17.0.10)", "Vert.x-WebClient/5.0.10",
    "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "axios/1.6.8", "insomnia/2023.5.8",
    "antbot-cli/0.1.0 (linux; amd64)", "ccxt/4.3.12 (+https://github.com/ccxt/ccxt)", "Grafana/10.4.2",
    "Prometheus/2.51.2", "kube-probe/1.29", "ELB-HealthChecker/2.0", "Mozilla/5.0 zgrab/0.x",
    "TradingView-Webhook/1.0", "Slackbot 1.0 (+https://api.slack.com/robots)",
]

ACCEPTS = [
    "application/json", "application/json, text/plain, */*", "*/*",
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
    "application/problem+json, application/json;q=0.9", "text/plain; version=0.0.4",
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
]
LANGS = ["en-US,en;q=0.9", "en-GB,en;q=0.8,fr;q=0.6", "de-DE,de;q=0.9,en;q=0.8", "fr-FR,fr;q=0.9",
         "ja-JP,ja;q=0.9,en-US;q=0.8", "pt-BR,pt;q=0.9,en;q=0.7", "zh-CN,zh;q=0.9", "es-ES,es;q=0.9,en;q=0.5"]


def header_value():
    kind = rng.randint(0, 14)
    if kind == 0:
        return rng.choice(USER_AGENTS)
    if kind == 1:
        return rng.choice(ACCEPTS)
    if kind == 2:
        return rng.choice(LANGS)
    if kind == 3:
        return rng.choice(["application/json", "application/json; charset=utf-8", "application/x-www-form-urlencoded",
                           "text/plain;charset=UTF-8", "multipart/form-data; boundary=----WebKitFormBoundary" + b58(16)])
    if kind == 4:
        return f"session={b64(32).replace('+', '-').replace('/', '_')}; theme={rng.choice(['dark', 'light'])}; lang=en; tz={rng.choice(['UTC', 'Europe%2FLondon', 'America%2FNew_York'])}"
    if kind == 5:
        return rng.choice(["gzip, deflate, br", "gzip", "identity", "br;q=1.0, gzip;q=0.8, *;q=0.1"])
    if kind == 6:
        return rng.choice(["no-cache", "no-store", "max-age=0", "no-cache, no-store, must-revalidate"])
    if kind == 7:
        return f"W/\"{hexs(16)}\"" if rng.random() < 0.5 else f"\"{hexs(32)}\""
    if kind == 8:
        return f"00-{hexs(32)}-{hexs(16)}-01"
    if kind == 9:
        return uid()
    if kind == 10:
        return exchange_url()
    if kind == 11:
        return rng.choice(["keep-alive", "close", "Upgrade", "websocket", "h2c", "trailers"])
    if kind == 12:
        return f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}, 10.0.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if kind == 13:
        return rng.choice(['"Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"', '?0', '"Windows"', '"macOS"'])
    return f"{rng.choice(['127.0.0.1', 'localhost', 'api.example.com', 'antbot.internal.example'])}:{rng.choice([8001, 443, 8080])}"


def order_json():
    o = {
        "symbol": pair(rng.choice(["/", "-", ""])),
        "side": rng.choice(SIDES),
        "type": rng.choice(TYPES),
        "quantity": dec(0.001, 500, rng.choice([3, 4, 6])) if rng.random() < 0.5 else float(dec(0.001, 500, 4)),
        "client_order_id": f"{rng.choice(STRATEGIES)}-{rng.randint(1, 10**6)}",
    }
    if o["type"] != "market":
        o["price"] = price() if rng.random() < 0.5 else float(price())
    if rng.random() < 0.3:
        o["time_in_force"] = rng.choice(["GTC", "IOC", "FOK", "GTX"])
    if rng.random() < 0.4:
        o["note"] = note()
    if rng.random() < 0.2:
        o["reduce_only"] = rng.choice([True, False])
    if rng.random() < 0.2:
        o["tags"] = rng.sample(["swing", "scalp", "hedge", "dca", "grid", "manual", "test"], rng.randint(1, 3))
    return o


def json_body():
    kind = rng.randint(0, 9)
    if kind <= 2:
        body = order_json()
    elif kind == 3:
        body = {"orders": [order_json() for _ in range(rng.randint(2, 4))], "dry_run": rng.choice([True, False])}
    elif kind == 4:
        body = {"name": name(), "email": email(), "city": rng.choice(CITIES), "roles": rng.sample(["viewer", "trader", "admin", "operator"], 2),
                "display_name": rng.choice([name(), f"{rng.choice(FIRST)} ({rng.choice(STRATEGIES)} desk)"])}
    elif kind == 5:
        body = {"bot": f"{rng.choice(STRATEGIES)}-{rng.choice(BASES).lower()}", "config": {
            "pair": pair("/"), "lower": float(price()), "upper": float(price()), "levels": rng.randint(5, 200),
            "timeframe": rng.choice(TIMEFRAMES), "max_position_size": round(rng.uniform(0.01, 0.5), 3),
            "risk_tolerance": round(rng.uniform(0.005, 0.05), 3), "enabled": rng.choice([True, False]),
            "schedule": rng.choice(["*/5 * * * *", "0 9 * * 1-5", "@hourly", "0 0 * * 0"]),
            "exchange": rng.choice(EXCHANGES)}}
    elif kind == 6:
        body = {"side": rng.choice(["buy", "sell"]), "status": rng.choice(STATUSES), "amount": float(dec(0.01, 1000, 4)),
                "profit_loss": float(f"{rng.uniform(-500, 900):.2f}"), "symbol": pair("/"), "at": iso()}
    elif kind == 7:
        body = {"name": rng.choice(["cpu_high", "error_rate", "drawdown", "latency_p99", "fill_ratio_low"]),
                "metric": rng.choice(["system.cpu.usage", "antbot.errors.rate", "trading.drawdown", "http.server.requests.p99"]),
                "comparator": rng.choice([">", ">=", "<", "<=", "=="]), "threshold": round(rng.uniform(0, 100), 2),
                "severity": rng.choice(["info", "warning", "critical"]), "for_s": rng.choice([0, 30, 60, 300])}
    elif kind == 8:
        body = {"webhook": exchange_url(), "message": note(), "channel": rng.choice(["#alerts", "#trading", "@ops"])}
    else:
        body = {"key": rng.choice(["trading.max_position_size", "trading.risk_tolerance", "logging.level", "metrics.system_interval_s"]),
                "value": rng.choice([0.1, 0.05, "DEBUG", "INFO", 5, 15]), "reason": note(), "actor": email()}
    return json.dumps(body, ensure_ascii=rng.random() < 0.5, separators=rng.choice([(",", ":"), (", ", ": ")]))


def path():
    return rng.choice([
        f"/api/v1/orders/{uid()}", f"/api/v1/orders?symbol={urllib.parse.quote(pair('/'), safe='')}&status={rng.choice(STATUSES)}",
        f"/api/v1/bots/{rng.choice(STRATEGIES)}-{rng.choice(BASES).lower()}/config", "/api/v1/config/snapshot",
        f"/api/v1/metrics/trades?since={urllib.parse.quote(iso())}", "/health/ready", "/health/live", "/metrics",
        f"/api/v1/logs?level=ERROR&component={rng.choice(['config', 'security', 'http', 'grid-bot'])}&limit=100",
        f"/api/v1/users/{rng.randint(1, 9999)}", f"/api/v1/audit?from={date()}&to={date()}", "/api/v1/openapi.json",
        f"/api/v1/markets/{pair('-')}/candles/{rng.choice(TIMEFRAMES)}", f"/static/js/app.{hexs(8)}.js",
        f"/api/v1/alerts/{rng.choice(['cpu_high', 'drawdown', 'error_rate'])}",
    ])


def query_value():
    kind = rng.randint(0, 12)
    v = [pair(), dec(), iso(), date(), rng.choice(SIDES), rng.choice(TYPES), rng.choice(STATUSES), uid(),
         str(rng.randint(1, 10**13)), name(), email(), rng.choice(TIMEFRAMES), rng.choice(CITIES)][kind]
    r = rng.random()
    if r < 0.25:
        return urllib.parse.quote(v, safe="")
    if r < 0.35:
        return urllib.parse.quote_plus(v)
    return v


def query_string():
    params = {"symbol": pair(), "side": rng.choice(SIDES), "limit": rng.choice([10, 50, 100, 500]),
              "since": iso(), "interval": rng.choice(TIMEFRAMES), "q": rng.choice([name(), note()[:40], rng.choice(BASES)])}
    keys = rng.sample(list(params), rng.randint(2, len(params)))
    return urllib.parse.urlencode({k: params[k] for k in keys})


def identifier():
    kind = rng.randint(0, 11)
    return [uid, lambda: "0x" + hexs(40), lambda: "0x" + hexs(64), lambda: b58(rng.choice([43, 44])),
            lambda: b64(rng.choice([24, 44, 64])), lambda: hexs(64),
            lambda: f"eyJ{b64(20).replace('+', '-').replace('/', '_')}.eyJ{b64(60).replace('+', '-').replace('/', '_')}.{b64(43).replace('+', '-').replace('/', '_')}",
            lambda: f"{rng.choice(STRATEGIES)}-{rng.randint(1, 999)}-{hexs(6)}",
            lambda: f"bc1q{''.join(rng.choice('023456789acdefghjklmnpqrstuvwxyz') for _ in range(38))}",
            lambda: f"ord_{b58(20)}", lambda: f"{rng.randint(10**9, 10**10)}",
            lambda: f"BTC-{rng.randint(1, 28)}{rng.choice(['JUN', 'SEP', 'DEC', 'MAR'])}{rng.randint(24, 26)}-{rng.choice([50000, 60000, 70000, 80000])}-{rng.choice(['C', 'P'])}"][kind]()


def number_like():
    return rng.choice([
        dec(), f"-{dec()}", f"{rng.uniform(0, 1):.8f}", f"{rng.uniform(1, 9):.2f}e-{rng.randint(1, 9)}",
        f"{rng.randint(1, 999)},{rng.randint(100, 999)}.{rng.randint(10, 99)}", f"{rng.randint(1, 999)} {rng.randint(100, 999)},{rng.randint(10, 99)}",
        pct(), f"+{pct()}", f"{rng.randint(1, 125)}x", f"1:{rng.choice([2, 3, 5, 10, 20])}", f"${rng.randint(1, 99999):,}",
        f"€{rng.uniform(1, 9999):.2f}", f"{rng.randint(1, 500)} bps", str(rng.randint(1600000000000, 1800000000000)),
    ])


def misc():
    return rng.choice([
        lambda: f"{date()},{pair('/')},{rng.choice(SIDES)},{dec(0.01, 100, 3)},{price()}",
        lambda: f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}",
        lambda: f"2001:db8:{hexs(4)}::{hexs(4)}",
        lambda: "|".join(rng.sample(BASES, rng.randint(2, 5))),
        lambda: ",".join(pair("/") for _ in range(rng.randint(2, 5))),
        lambda: f"+{rng.randint(1, 99)} ({rng.randint(100, 999)}) {rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
        lambda: rng.choice(["*/5 * * * *", "0 */4 * * *", "30 9 * * 1-5", "@daily"]),
        lambda: f"logs/{date()}/*.json",
        lambda: f"strategies/{rng.choice(STRATEGIES)}/**/*.yaml",
        lambda: f"{rng.choice(CITIES)}, {rng.choice(['USA', 'UK', 'CH', 'SG', 'JP', 'BR', 'DE', 'FR'])}",
        lambda: f"{name()} <{email()}>",
        lambda: rng.choice(["true", "false", "null", "yes", "no", "on", "off", "1", "0", "N/A"]),
        lambda: f"{rng.choice(['v', ''])}{rng.randint(0, 3)}.{rng.randint(0, 20)}.{rng.randint(0, 30)}",
        lambda: f"SELECT-{rng.randint(1, 99)}",
        lambda: rng.choice(["Europe/London", "America/New_York", "Asia/Singapore", "UTC", "Etc/GMT+5"]),
        lambda: f"{rng.randint(1, 59)}s", lambda: f"PT{rng.randint(1, 59)}M",
        lambda: f"{pair('/')} @ {price()} x {dec(0.01, 100, 2)}",
        lambda: f"{rng.choice(['BTC', 'ETH'])}: {price()} ({pct()} 24h)",
        lambda: rng.choice(["Good morning!", "ok", "thanks", "LGTM", "ship it", "gm", "wagmi", "ngmi", "ser, pls"]),
        lambda: f"{name()}, {rng.choice(CITIES)}",
        lambda: f"Re: {rng.choice(['order', 'withdrawal', 'API key', 'fees'])} #{rng.randint(1000, 99999)}",
    ])()


GENERATORS = [(note, 28), (json_body, 16), (header_value, 12), (query_value, 10), (path, 6), (query_string, 5),
              (identifier, 6), (number_like, 6), (exchange_url, 5), (misc, 6)]


def main():
    total = 6000
    weights = [w for _, w in GENERATORS]
    lines, seen = [], set()
    while len(lines) < total:
        gen = rng.choices([g for g, _ in GENERATORS], weights)[0]
        value = gen().replace("\n", " ")
        if value and value not in seen:
            seen.add(value)
            lines.append(value)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} lines to {OUT}")


if __name__ == "__main__":
    main()
