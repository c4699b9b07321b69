/**
 * The nginx configuration Baton's deployment guide recommends in front of several relays, as
 * a function so the multi-relay tests run nginx on exactly what `docs/deploy.md` shows.
 */

export interface NginxSiteOptions {
  /** `host:port` of each relay. */
  relays: string[]
  /** What nginx listens on, e.g. `80` or `127.0.0.1:8080`. */
  listen: string
}

/**
 * The `upstream` and `server` blocks (they go inside `http { }`). No sticky sessions: any
 * relay serves any board. WebSocket upgrade needs HTTP/1.1 and the Upgrade/Connection
 * headers; a sync connection is quiet for long stretches, so the read timeout must be longer
 * than the relay's keep-alive ping interval (30 s). A relay that refuses connections or times
 * out is skipped for `fail_timeout` (nginx's passive health check).
 */
export function nginxSiteConfig(options: NginxSiteOptions): string {
  const servers = options.relays
    .map((r) => `    server ${r} max_fails=1 fail_timeout=5s;`)
    .join("\n")
  return `map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
}

upstream baton_relays {
${servers}
}

server {
    listen ${options.listen};

    location /sync {
        proxy_pass http://baton_relays;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_connect_timeout 2s;
        proxy_read_timeout 1h;
        proxy_send_timeout 1h;
        proxy_next_upstream error timeout;
    }

    location / {
        proxy_pass http://baton_relays;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_connect_timeout 2s;
        proxy_next_upstream error timeout http_502 http_503;
    }
}
`
}

/** A whole nginx.conf for a test: everything under `dir`, in the foreground, no access log. */
export function nginxTestConfig(dir: string, site: NginxSiteOptions): string {
  const indented = nginxSiteConfig(site)
    .split("\n")
    .map((l) => (l ? `    ${l}` : l))
    .join("\n")
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events {
    worker_connections 1024;
}
http {
    access_log off;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
${indented}
}
`
}
