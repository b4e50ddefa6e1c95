/// The admin page and its script, compiled in: the page must be there exactly when an admin token
/// is configured, and never served by the static file handler without one.
///
/// The page holds no data and no token. The operator types the token; the script keeps it in
/// memory only (not in storage, not in a URL) and sends it as `Authorization: Bearer` to
/// `/admin/api/*`. Everything from the API is put in the page with `textContent`, never parsed as
/// HTML, since player nicknames are user input.
enum AdminPage {
    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Roost admin</title>
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
        h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
        table { border-collapse: collapse; min-width: 40em; }
        th, td { border-bottom: 1px solid #ddd; padding: .25em .6em; text-align: left; }
        th { background: #f4f4f4; }
        #status { margin-left: 1em; color: #666; } .error { color: #b00 !important; }
        </style>
        </head>
        <body>
        <h1>Roost admin <span id="node"></span></h1>
        <form id="login">
          <label>Admin token <input id="token" type="password" autocomplete="off" size="40"></label>
          <button type="submit">Show</button><span id="status"></span>
        </form>
        <h2>Cluster</h2>
        <table><thead><tr><th>node</th><th>live</th><th>games</th><th>sessions</th><th>loops</th><th>takes games</th><th>public URL</th></tr></thead>
        <tbody id="nodes"></tbody></table>
        <h2>Games on this node</h2>
        <table><thead><tr><th>game</th><th>kind</th><th>state</th><th>players</th><th>spectators</th><th>age</th><th>loop</th></tr></thead>
        <tbody id="games"></tbody></table>
        <script src="/admin/admin.js"></script>
        </body>
        </html>

        """

    static let script = """
        'use strict';
        let token = '';
        let timer = null;
        const $ = (id) => document.getElementById(id);

        function row(cells) {
          const tr = document.createElement('tr');
          for (const cell of cells) {
            const td = document.createElement('td');
            td.textContent = cell === undefined ? '' : String(cell);
            tr.append(td);
          }
          return tr;
        }

        async function get(path) {
          const response = await fetch(path, { headers: { Authorization: 'Bearer ' + token }, cache: 'no-store' });
          if (response.status === 401) throw new Error('wrong token');
          if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
          return response.json();
        }

        async function refresh() {
          try {
            const [cluster, games] = await Promise.all([get('/admin/api/cluster'), get('/admin/api/games')]);
            $('node').textContent = '· ' + cluster.node + (cluster.ready ? ' (ready)' : ' (not ready: ' + cluster.reasons.join(', ') + ')');
            $('nodes').replaceChildren(...cluster.nodes.map((n) => row([
              n.name + (n.self ? ' (this node)' : ''), n.live ? 'yes' : 'no', n.games, n.sessions, n.loops,
              n.acceptsGames === undefined ? '' : (n.acceptsGames ? 'yes' : 'no'), n.publicURL])));
            $('games').replaceChildren(...games.games.map((g) => row([
              g.id + (g.private ? ' (private)' : ''), g.kind, g.state, g.players.join(', ') + ' (' + g.players.length + '/' + g.seats + ')',
              g.spectators, g.ageSeconds + ' s', g.loop])));
            $('status').textContent = 'updated ' + new Date().toLocaleTimeString();
            $('status').className = '';
          } catch (error) {
            $('status').textContent = error.message;
            $('status').className = 'error';
            if (error.message === 'wrong token') { clearInterval(timer); timer = null; }
          }
        }

        $('login').addEventListener('submit', (event) => {
          event.preventDefault();
          token = $('token').value.trim();
          $('token').value = '';
          if (timer) clearInterval(timer);
          refresh();
          timer = setInterval(refresh, 5000);
        });

        """
}
