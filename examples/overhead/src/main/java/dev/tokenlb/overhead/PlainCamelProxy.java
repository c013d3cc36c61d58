package dev.tokenlb.overhead;

import java.util.concurrent.CountDownLatch;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The floor under the gateway: the least a Camel route on platform-http (in) and camel-http (out) does to proxy a
 * request, with none of the gateway's work (no counting, no balancing, no ledger, no relay step, no deadlines, no
 * metrics). Platform-http's Vert.x server and worker pool as Camel sets them up by default; camel-http's response
 * body is read whole and handed back to platform-http to write (fine for this tool's short, non-streamed replies). What the gateway adds over it is the gateway's own cost; what it adds
 * over a direct call is the framework's.
 * <p>
 * Run by the hop-overhead tool from the gateway's jar: {@code java -cp token-lb-gateway.jar:token-lb-overhead.jar
 * dev.tokenlb.overhead.PlainCamelProxy PORT BACKEND_URL}.
 */
public final class PlainCamelProxy {

    private PlainCamelProxy() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: PlainCamelProxy PORT BACKEND_URL");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String backend = args[1];
        CamelContext context = new DefaultCamelContext();
        context.setStreamCaching(false);
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost("127.0.0.1");
        http.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(http));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/v1/chat/completions?httpMethodRestrict=POST")
                    .removeHeaders("*")
                    // the enum, as the gateway sets it: a String goes through Camel's slow converter lookup
                    .setHeader(Exchange.HTTP_METHOD, constant(HttpMethods.POST))
                    .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                    .to(backend + "/v1/chat/completions?bridgeEndpoint=true&throwExceptionOnFailure=false"
                        + "&disableStreamCache=true&copyHeaders=false")
                    // read the (small) reply whole: platform-http writes an InputStream body with an ordered
                    // executeBlocking on the connection's context, which stalls (the gateway pumps it itself)
                    .convertBodyTo(byte[].class);
                from("platform-http:/health/live?httpMethodRestrict=GET")
                    .setBody(constant("{\"status\":\"UP\"}"));
            }
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.stop();
            stopped.countDown();
        }));
        context.start();
        System.out.println("plain Camel proxy on 127.0.0.1:" + port + " -> " + backend);
        stopped.await();
    }
}
