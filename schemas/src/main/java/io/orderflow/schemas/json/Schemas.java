package io.orderflow.schemas.json;

import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON Schema (draft 2020-12) files of the contract's events, one per type, on the classpath
 * under {@link #RESOURCE_DIR}. They state the same rules as {@link EventCodec}, except those a JSON
 * Schema cannot express (no sku twice, total within 64 bits, integers written without a fraction).
 */
public final class Schemas {

    /** Classpath folder of the schema files. */
    public static final String RESOURCE_DIR = "/schemas/";

    /** File name suffix after the event type, e.g. {@code OrderPlaced.schema.json}. */
    public static final String SUFFIX = ".schema.json";

    /** Every event type with a schema: inputs, then outputs. */
    public static final List<String> TYPES =
            List.of(
                    OrderPlaced.TYPE,
                    OrderCancelled.TYPE,
                    StockReceived.TYPE,
                    StockCounted.TYPE,
                    OrderConfirmed.TYPE,
                    RefundIssued.TYPE,
                    DeadLetter.TYPE,
                    OrderStatus.TYPE);

    private Schemas() {}

    /**
     * The classpath resource path of a type's schema, e.g. {@code
     * /schemas/OrderPlaced.schema.json}.
     */
    public static String resourcePath(String type) {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("no schema for type " + type + "; known: " + TYPES);
        }
        return RESOURCE_DIR + type + SUFFIX;
    }

    /** The schema of a type as JSON text. */
    public static String load(String type) {
        String path = resourcePath(type);
        try (InputStream in = Schemas.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(
                        "schema resource missing from the classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema resource " + path, e);
        }
    }
}
