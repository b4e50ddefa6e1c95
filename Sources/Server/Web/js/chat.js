// A chat panel: the lines of one room and a form to say one. The room is "lobby" or a game id.

import { el, isInt, isString, playerInfo } from './util.js';

const MAX_LINES = 200;

export class ChatPanel {
  /// `send(text)` returns true when the line was sent.
  constructor(root, send) {
    this.log = root.querySelector('.chat-log');
    this.form = root.querySelector('.chat-form');
    this.input = this.form.querySelector('input');
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (text && send(text)) this.input.value = '';
    });
  }

  /// Adds a chat message `{from, text, at}`; malformed lines are skipped.
  addLine(msg) {
    const from = playerInfo(msg.from);
    if (!from || !isString(msg.text)) return;
    const time = isInt(msg.at) ? new Date(msg.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
    this.append(el('li', { dataset: { from: from.id } },
      el('time', {}, time), ' ', el('b', {}, from.name), ' ', el('span', { class: 'text' }, msg.text)));
  }

  /// Adds a line from the client itself (someone joined, the connection dropped...).
  addNotice(text) {
    this.append(el('li', { class: 'notice' }, text));
  }

  append(item) {
    const atBottom = this.log.scrollTop + this.log.clientHeight >= this.log.scrollHeight - 4;
    this.log.append(item);
    while (this.log.childElementCount > MAX_LINES) this.log.firstElementChild.remove();
    if (atBottom) this.log.scrollTop = this.log.scrollHeight;
  }

  clear() { this.log.replaceChildren(); }
}
