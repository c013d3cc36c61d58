package dev.tokenlb.overhead;

/**
 * The nginx.conf of the reference reverse proxy: one worker, no access log, keep-alive to the upstream (64 idle
 * connections), HTTP/1.1 upstream with the {@code Connection} header cleared, and {@code proxy_buffering off} so that
 * replies are relayed as they arrive, as the gateway relays them. Keep-alive requests per connection are not capped
 * (nginx's default would close each connection after 1,000 requests, a reconnect the gateway does not impose).
 * Stateless.
 */
final class NginxConfig {

    private NginxConfig() {
    }

    /**
     * @param prefix      nginx's prefix directory (pid file and temp directories go there)
     * @param listenPort  the loopback port nginx listens on
     * @param backendPort the fake backend's loopback port
     */
    static String render(String prefix, int listenPort, int backendPort) {
        return """
            daemon off;
            worker_processes 1;
            error_log stderr;
            pid %1$s/nginx.pid;

            events {
                worker_connections 4096;
            }

            http {
                access_log off;
                client_body_temp_path %1$s/client_body_temp;
                proxy_temp_path %1$s/proxy_temp;
                fastcgi_temp_path %1$s/fastcgi_temp;
                uwsgi_temp_path %1$s/uwsgi_temp;
                scgi_temp_path %1$s/scgi_temp;
                keepalive_requests 1000000;
                keepalive_timeout 75s;

                upstream fake_backend {
                    server 127.0.0.1:%3$d;
                    keepalive 64;
                    keepalive_requests 1000000;
                }

                server {
                    listen 127.0.0.1:%2$d;
                    location / {
                        proxy_pass http://fake_backend;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_buffering off;
                    }
                }
            }
            """.formatted(prefix, listenPort, backendPort);
    }
}
