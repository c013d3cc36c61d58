package dev.tokenlb.overhead;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NginxConfigTest {

    @Test
    void proxiesUnbufferedOverKeptAliveHttp11ToTheBackendOnLoopback() {
        String conf = NginxConfig.render("/tmp/p", 18080, 19090);
        for (String directive : new String[] {
            "daemon off;", "worker_processes 1;", "error_log stderr;", "pid /tmp/p/nginx.pid;", "access_log off;",
            "server 127.0.0.1:19090;", "keepalive 64;", "listen 127.0.0.1:18080;", "proxy_pass http://fake_backend;",
            "proxy_http_version 1.1;", "proxy_set_header Connection \"\";", "proxy_buffering off;"}) {
            assertTrue(conf.contains(directive), () -> "missing " + directive + " in\n" + conf);
        }
    }
}
