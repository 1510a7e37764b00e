"""Chat with the bot in a terminal, as a simulated user of the local Bot API server.

Each bot message is printed as plain text with its buttons; the current keyboard is numbered:

    Ik voel me thuis.
    [1] Eens  [2] Oneens  [3] Weet ik niet

Type a number to press that button, "/command args" for a command, anything else to send it
as text, and ":q" (or end of input) to quit.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Sequence

from localbotapi.model import StoredMessage
from localbotapi.users import SimulatedUser

ReadLine = Callable[[str], Awaitable[str | None] | str | None]
Write = Callable[[str], None]
HELP = "Type a button number, a /command, any text, or :q to quit."


async def read_stdin(prompt: str) -> str | None:
    """input() in a thread, so the bot keeps running while the person types."""
    try:
        return await asyncio.to_thread(input, prompt)
    except EOFError:
        return None


def render(message: StoredMessage, *, numbered: bool, edited: bool = False) -> str:
    """A bot message as terminal text; only the pressable keyboard gets numbers."""
    lines = [("(edited) " if edited else "") + message.plain_text]
    number = 0
    for row in message.buttons:
        cells = []
        for button in row:
            number += 1
            label = str(button["text"])
            if "url" in button:
                label += f" <{button['url']}>"
            cells.append(f"[{number}] {label}" if numbered else f"[{label}]")
        lines.append("  ".join(cells))
    return "\n".join(lines)


async def run_terminal_chat(
    user: SimulatedUser,
    read_line: ReadLine = read_stdin,
    write: Write = print,
    *,
    first: Sequence[StoredMessage] = (),
) -> None:
    """Show what the bot says and act on what the person types, until ":q" or end of input."""
    shown: set[int] = set()
    replies = list(first)
    while True:
        keyboard = user.keyboard_message
        for message in replies:
            write(render(message, numbered=message is keyboard, edited=message.id in shown))
            shown.add(message.id)
        line = read_line("> ")
        if inspect.isawaitable(line):
            line = await line
        if line is None or line.strip() == ":q":
            return
        line = line.strip()
        buttons = [b for row in keyboard.buttons for b in row] if keyboard else []
        if keyboard and line.isdigit() and 1 <= int(line) <= len(buttons):
            button = buttons[int(line) - 1]
            if "callback_data" not in button:
                write(f"That button opens {button.get('url', 'something outside the chat')}.")
                replies = []
                continue
            # Press by data and message id: labels need not be unique.
            replies = await user.press_data(str(button["callback_data"]), keyboard.id)
        elif line.startswith("/"):
            name, _, args = line[1:].partition(" ")
            replies = await user.command(name, args.strip())
        elif line:
            replies = await user.send_text(line)
        else:
            write(HELP)
            replies = []
