package io.orderflow.testkit.kafka;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real Kafka broker per test class. Register it as a static field to use {@link
 * #bootstrapServers()}:
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * }</pre>
 *
 * or with {@code @ExtendWith(KafkaBrokerExtension.class)} and a {@link KafkaBroker} parameter in a
 * constructor, a {@code @BeforeAll} or a test method. Nested classes share the outer class's
 * broker.
 */
public final class KafkaBrokerExtension
        implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final String BROKER = "broker";
    private static final String OWNED = "owned";

    private final UnaryOperator<KafkaBrokerBuilder> configure;
    private volatile KafkaBroker broker;

    public KafkaBrokerExtension() {
        this(UnaryOperator.identity());
    }

    /** With broker settings, e.g. {@code b -> b.config("log.retention.ms", "60000")}. */
    public KafkaBrokerExtension(UnaryOperator<KafkaBrokerBuilder> configure) {
        this.configure = configure;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        KafkaBroker inherited = store.get(BROKER, KafkaBroker.class);
        if (inherited != null) {
            broker = inherited;
            return;
        }
        KafkaBroker started = configure.apply(KafkaBroker.builder()).build().start();
        store.put(BROKER, started);
        store.put(OWNED, started);
        broker = started;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        KafkaBroker owned = store.remove(OWNED, KafkaBroker.class);
        if (owned != null) {
            store.remove(BROKER, KafkaBroker.class);
            owned.close();
        }
    }

    /** The class's broker; only between beforeAll and afterAll. */
    public KafkaBroker broker() {
        KafkaBroker b = broker;
        if (b == null) {
            throw new IllegalStateException(
                    "the Kafka broker starts in beforeAll: register the extension as a static"
                            + " field");
        }
        return b;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        KafkaBroker b = context.getStore(NAMESPACE).get(BROKER, KafkaBroker.class);
        return b != null ? b : broker();
    }
}
