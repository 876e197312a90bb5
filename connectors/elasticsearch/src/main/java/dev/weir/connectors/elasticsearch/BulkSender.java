package dev.weir.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.util.BinaryData;
import dev.weir.api.metrics.Counter;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.connectors.elasticsearch.ElasticsearchOptions.FailureHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends one batch of actions as bulk requests until every action is acknowledged or handed to the
 * failure handler. Transient failures (HTTP 429, 5xx, connection errors), of the whole request or
 * of single documents, are retried with the backoff; what remains, and every permanent failure
 * (e.g. 400 mapper_parsing_exception), goes to the failure handler with the document's id and the
 * reason Elasticsearch gave.
 *
 * <p>A batch holds at most one action per document (the writer's buffer replaces earlier ones), so
 * retrying part of a batch cannot reorder two writes of one document.
 */
final class BulkSender {
    private static final System.Logger LOG = System.getLogger(BulkSender.class.getName());
    /** A failure message lists this many documents; the log lists them all. */
    private static final int DOCUMENTS_IN_MESSAGE = 20;
    private static final String JSON = "application/json";

    private final ElasticsearchClient client;
    private final Backoff backoff;
    private final FailureHandler handler;
    private final String tableName;
    private final Counter recordsOut;
    private final Counter sendErrors;
    private final Counter retries;

    BulkSender(ElasticsearchClient client, Backoff backoff, FailureHandler handler, String tableName, MetricGroup metrics) {
        this.client = client;
        this.backoff = backoff;
        this.handler = handler;
        this.tableName = tableName;
        this.recordsOut = metrics.counter("numRecordsOut");
        this.sendErrors = metrics.counter("numRecordsSendErrors");
        this.retries = metrics.counter("numBulkRetries");
    }

    /** A document Elasticsearch did not accept. {@code status} is -1 when no response came. */
    record FailedDocument(BulkAction action, String id, int status, String reason) {
        boolean isTransient() {
            return isTransientStatus(status);
        }

        String describe() {
            BulkAction named = id == null || id.equals(action.id()) ? action : new BulkAction(action.index(), id, action.source());
            return named.describe() + ": " + (status < 0 ? "" : "status " + status + ", ") + reason;
        }
    }

    static boolean isTransientStatus(int status) {
        return status < 0 || status == 429 || status >= 500;
    }

    /**
     * Sends the actions. Throws {@link BulkFailureException} when the handler is 'fail' (or
     * 'retry' and a failure is permanent), and InterruptedException when the writer is closed
     * during a backoff pause.
     */
    void send(List<BulkAction> actions) throws InterruptedException {
        List<BulkAction> pending = actions;
        for (int retry = 0; ; retry++) {
            List<FailedDocument> failed = attempt(pending);
            List<FailedDocument> permanent = failed.stream().filter(f -> !f.isTransient()).toList();
            List<FailedDocument> transients = failed.stream().filter(FailedDocument::isTransient).toList();
            if (!permanent.isEmpty()) {
                handle(permanent, handler == FailureHandler.RETRY_REJECTED ? FailureHandler.FAIL : handler, retry);
            }
            if (transients.isEmpty()) {
                return;
            }
            if (!backoff.allowsRetry(retry) && handler != FailureHandler.RETRY_REJECTED) {
                handle(transients, handler, retry);
                return;
            }
            retries.inc();
            Thread.sleep(backoff.delayBefore(retry).toMillis());
            pending = transients.stream().map(FailedDocument::action).toList();
        }
    }

    /** One bulk request; returns the documents that failed. */
    private List<FailedDocument> attempt(List<BulkAction> actions) {
        BulkRequest.Builder request = new BulkRequest.Builder();
        for (BulkAction action : actions) {
            request.operations(operation(action));
        }
        BulkResponse response;
        try {
            response = client.bulk(request.build());
        } catch (ElasticsearchException e) {
            return allFailed(actions, e.status(), e.getMessage());
        } catch (TransportException e) {
            return allFailed(actions, e.statusCode(), e.getMessage());
        } catch (IOException e) {
            return allFailed(actions, -1, e.toString());
        }
        List<FailedDocument> failed = new ArrayList<>();
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            // A delete of a missing document answers 404 without an error: the document is gone, as wanted.
            if (item.error() == null) {
                recordsOut.inc();
            } else {
                failed.add(new FailedDocument(actions.get(i), item.id(), item.status(), reason(item.error())));
            }
        }
        return failed;
    }

    private static BulkOperation operation(BulkAction action) {
        if (action.isDelete()) {
            return BulkOperation.of(o -> o.delete(d -> d.index(action.index()).id(action.id())));
        }
        BinaryData document = BinaryData.of(action.source(), JSON);
        return BulkOperation.of(o -> o.index(i -> {
            i.index(action.index()).document(document);
            return action.id() == null ? i : i.id(action.id());
        }));
    }

    private static List<FailedDocument> allFailed(List<BulkAction> actions, int status, String reason) {
        String why = "the bulk request failed: " + reason;
        return actions.stream().map(a -> new FailedDocument(a, null, status, why)).toList();
    }

    /** "type: reason (caused by type: reason)", as far as Elasticsearch explains. */
    private static String reason(ErrorCause error) {
        StringBuilder text = new StringBuilder(error.type()).append(": ").append(error.reason());
        for (ErrorCause cause = error.causedBy(); cause != null; cause = cause.causedBy()) {
            text.append(" (caused by ").append(cause.type()).append(": ").append(cause.reason()).append(')');
        }
        return text.toString();
    }

    private void handle(List<FailedDocument> failed, FailureHandler how, int retriesDone) {
        sendErrors.inc(failed.size());
        String why = retriesDone == 0 ? "" : " after " + retriesDone + (retriesDone == 1 ? " retry" : " retries");
        List<String> lines = failed.stream().map(FailedDocument::describe).toList();
        if (how == FailureHandler.IGNORE) {
            LOG.log(Level.WARNING, "Table '" + tableName + "': ignoring " + failed.size() + " document(s) Elasticsearch did not accept"
                    + why + " (sink.failure-handler = ignore):\n  " + String.join("\n  ", lines));
            return;
        }
        LOG.log(Level.ERROR, "Table '" + tableName + "': Elasticsearch did not accept " + failed.size() + " document(s)" + why
                + ":\n  " + String.join("\n  ", lines));
        String shown = String.join("\n  ", lines.subList(0, Math.min(lines.size(), DOCUMENTS_IN_MESSAGE)));
        String more = lines.size() > DOCUMENTS_IN_MESSAGE ? "\n  ... and " + (lines.size() - DOCUMENTS_IN_MESSAGE) + " more (all in the log)" : "";
        throw new BulkFailureException("Table '" + tableName + "': Elasticsearch did not accept " + failed.size()
                + " document(s)" + why + ":\n  " + shown + more);
    }

    /** The sink cannot go on: documents were not accepted and the failure handler says fail. */
    static final class BulkFailureException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BulkFailureException(String message) {
            super(message);
        }
    }
}
