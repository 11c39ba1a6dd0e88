package io.orderflow.schemas.json;

import static io.orderflow.schemas.json.InputEvents.checkKey;
import static io.orderflow.schemas.json.InputEvents.orderCancelled;
import static io.orderflow.schemas.json.InputEvents.orderPlaced;
import static io.orderflow.schemas.json.InputEvents.stockCounted;
import static io.orderflow.schemas.json.InputEvents.stockReceived;
import static io.orderflow.schemas.json.InputEvents.typeOf;
import static io.orderflow.schemas.json.Rejection.malformed;
import static io.orderflow.schemas.json.RejectionDetails.clip;

import com.fasterxml.jackson.core.JsonFactory;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;

/**
 * Decodes input records in one streaming pass: the fields the contract names are captured, all
 * others skipped ({@link InputParser}), and only then checked ({@link InputEvents}, {@link
 * FieldRules}), because {@code type} may come last and a malformed tail outranks every schema rule.
 * A record that breaks a rule becomes a dead letter saying which ({@link Rejection}).
 */
final class InputDecoder {

    private InputDecoder() {}

    static InputRecord decode(
            JsonFactory factory,
            int maxRecordBytes,
            int deadLetterValueBytes,
            InputKind kind,
            RecordOrigin origin) {
        try {
            return decodeOrReject(factory, maxRecordBytes, kind, origin);
        } catch (Rejection rejection) {
            return InputRecord.of(
                    DeadLetter.of(
                            rejection.reason, rejection.detail, origin, deadLetterValueBytes));
        } catch (RuntimeException bug) {
            // Bad input must never stop the job; the property tests check this path stays unused.
            String detail = "value could not be decoded (internal error: " + bug + ")";
            return InputRecord.of(
                    DeadLetter.of(
                            DeadLetterReason.MALFORMED_JSON,
                            clip(detail),
                            origin,
                            deadLetterValueBytes));
        }
    }

    private static InputRecord decodeOrReject(
            JsonFactory factory, int maxRecordBytes, InputKind kind, RecordOrigin origin)
            throws Rejection {
        byte[] value = origin.value();
        if (value == null) {
            throw malformed("value is null (a tombstone), not a JSON object");
        }
        if (value.length > maxRecordBytes) {
            throw new Rejection(
                    DeadLetterReason.TOO_LARGE,
                    "value is "
                            + value.length
                            + " bytes, more than the limit of "
                            + maxRecordBytes
                            + " bytes");
        }
        InputFields fields = InputParser.read(factory, value);
        String type = typeOf(fields, kind, origin.topic());
        switch (type) {
            case OrderPlaced.TYPE:
                OrderPlaced placed = orderPlaced(fields);
                checkKey(origin, "orderId", placed.orderId());
                return InputRecord.of(placed, origin);
            case OrderCancelled.TYPE:
                OrderCancelled cancelled = orderCancelled(fields);
                checkKey(origin, "orderId", cancelled.orderId());
                return InputRecord.of(cancelled);
            case StockReceived.TYPE:
                StockReceived received = stockReceived(fields);
                checkKey(origin, "sku", received.sku());
                return InputRecord.of(received);
            case StockCounted.TYPE:
                StockCounted counted = stockCounted(fields);
                checkKey(origin, "sku", counted.sku());
                return InputRecord.of(counted);
            default:
                throw new IllegalStateException("type was checked: " + type);
        }
    }
}
