"""A small Chrome DevTools Protocol client for the browser test: one WebSocket to the browser,
pages attached as flat sessions, each in its own browser context (own cookies and storage).

Only what the test needs: calls with replies, console and exception capture, evaluating
JavaScript, polling the DOM, key presses and screenshots.
"""

import base64
import itertools
import json
import threading
import time

from websockets.sync.client import connect


class CDPError(Exception):
    """A DevTools call failed, or a page did not reach a state in time."""


class Browser:
    """The browser end of the DevTools protocol, on `ws_url` (from /json/version)."""

    def __init__(self, ws_url, call_timeout=15.0):
        self.ws = connect(ws_url, max_size=None, open_timeout=10, ping_interval=None)
        self.call_timeout = call_timeout
        self.ids = itertools.count(1)
        self.replies = {}
        self.cond = threading.Condition()
        self.listeners = {}  # sessionId -> callable(method, params)
        self.closed = False
        self.reader = threading.Thread(target=self._read, name="cdp-reader", daemon=True)
        self.reader.start()

    def _read(self):
        try:
            for raw in self.ws:
                msg = json.loads(raw)
                if "id" in msg:
                    with self.cond:
                        self.replies[msg["id"]] = msg
                        self.cond.notify_all()
                elif "method" in msg:
                    listener = self.listeners.get(msg.get("sessionId"))
                    if listener:
                        listener(msg["method"], msg.get("params", {}))
        except Exception:  # the connection closed: wake every waiter
            pass
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def call(self, method, params=None, session=None, timeout=None):
        call_id = next(self.ids)
        msg = {"id": call_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        deadline = time.monotonic() + (timeout or self.call_timeout)
        with self.cond:
            while call_id not in self.replies:
                left = deadline - time.monotonic()
                if self.closed or left <= 0:
                    raise CDPError(f"{method}: no reply ({'browser gone' if self.closed else 'timeout'})")
                self.cond.wait(left)
            reply = self.replies.pop(call_id)
        if "error" in reply:
            raise CDPError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def new_page(self, name):
        """A blank page in a browser context of its own."""
        context = self.call("Target.createBrowserContext")["browserContextId"]
        target = self.call("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        return Page(self, name, session)

    def close(self):
        try:
            self.call("Browser.close", timeout=3)
        except Exception:
            pass
        try:
            self.ws.close()
        except Exception:
            pass


class Page:
    """One tab, driven through its flat session."""

    def __init__(self, browser, name, session):
        self.browser = browser
        self.name = name
        self.session = session
        self.console_errors = []  # JS exceptions and console.error lines: the test fails on these
        self.log_lines = []       # everything else the page logged, for the failure report
        browser.listeners[session] = self._event
        for domain in ("Runtime", "Page", "Log"):
            self.call(f"{domain}.enable")

    def _event(self, method, params):
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = details.get("exception", {}).get("description") or details.get("text", "exception")
            self.console_errors.append(f"exception: {text}")
        elif method == "Runtime.consoleAPICalled":
            text = " ".join(_remote_text(arg) for arg in params.get("args", []))
            line = f"console.{params.get('type')}: {text}"
            (self.console_errors if params.get("type") in ("error", "assert") else self.log_lines).append(line)
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            self.log_lines.append(f"log.{entry.get('level')}: {entry.get('text')} {entry.get('url', '')}".strip())

    def call(self, method, params=None, timeout=None):
        return self.browser.call(method, params, session=self.session, timeout=timeout)

    def navigate(self, url, timeout=20):
        self.call("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'", "the page to load", timeout)

    def reload(self, timeout=20):
        self.eval("window.__reloading = true")
        self.call("Page.reload", {"ignoreCache": True})
        self.wait_for("!window.__reloading && document.readyState === 'complete'", "the page to reload", timeout)

    def eval(self, expression):
        """The value of a JavaScript expression (JSON-able), raising on a JS exception."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise CDPError(f"[{self.name}] {expression[:80]}: {text}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression, what, timeout=10, interval=0.05):
        """Polls `expression` until it is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        last_error = None
        while True:
            try:
                value = self.eval(expression)
                if value:
                    return value
            except CDPError as error:
                last_error = error
            if time.monotonic() >= deadline:
                hint = f" (last error: {last_error})" if last_error else ""
                raise CDPError(f"[{self.name}] timed out after {timeout} s waiting for {what}{hint}")
            time.sleep(interval)

    def click(self, selector):
        """Clicks an element found by `selector`, as a user would: it must exist and be enabled."""
        self.eval(
            f"""(() => {{
                const e = document.querySelector({json.dumps(selector)});
                if (!e) throw new Error('no element ' + {json.dumps(selector)});
                if (e.disabled) throw new Error('disabled: ' + {json.dumps(selector)});
                if (e.closest('[hidden]')) throw new Error('hidden: ' + {json.dumps(selector)});
                e.click();
                return true;
            }})()"""
        )

    def fill(self, selector, value):
        """Sets an input's or select's value and fires `input` and `change`, as typing would."""
        self.eval(
            f"""(() => {{
                const e = document.querySelector({json.dumps(selector)});
                if (!e) throw new Error('no element ' + {json.dumps(selector)});
                e.focus();
                e.value = {json.dumps(value)};
                e.dispatchEvent(new Event('input', {{bubbles: true}}));
                e.dispatchEvent(new Event('change', {{bubbles: true}}));
                e.blur();
                return true;
            }})()"""
        )

    def text(self, selector):
        return self.eval(f"document.querySelector({json.dumps(selector)})?.textContent ?? null")

    def press(self, key, code, key_code):
        """A real key press through the browser's input pipeline."""
        self.call("Page.bringToFront")
        base = {"key": key, "code": code, "windowsVirtualKeyCode": key_code, "nativeVirtualKeyCode": key_code}
        self.call("Input.dispatchKeyEvent", {"type": "rawKeyDown", **base})
        self.call("Input.dispatchKeyEvent", {"type": "keyUp", **base})

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", {"format": "png"}, timeout=15)["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))


def _remote_text(arg):
    if "value" in arg:
        return str(arg["value"])
    return arg.get("description") or arg.get("type", "?")
