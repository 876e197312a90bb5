package dev.weir.connectors.pulsar;

import dev.weir.api.io.SimpleVersionedSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.pulsar.client.api.transaction.TxnID;

/** A Pulsar transaction whose messages are all sent: any process can commit it by its id. */
record PulsarCommittable(long mostSigBits, long leastSigBits) {

    static PulsarCommittable of(TxnID id) {
        return new PulsarCommittable(id.getMostSigBits(), id.getLeastSigBits());
    }

    TxnID txnId() {
        return new TxnID(mostSigBits, leastSigBits);
    }

    @Override
    public String toString() {
        return "Pulsar transaction " + txnId();
    }

    static final SimpleVersionedSerializer<PulsarCommittable> SERIALIZER = new SimpleVersionedSerializer<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public byte[] serialize(PulsarCommittable committable) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(committable.mostSigBits);
            out.writeLong(committable.leastSigBits);
            return bytes.toByteArray();
        }

        @Override
        public PulsarCommittable deserialize(int version, byte[] bytes) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            return new PulsarCommittable(in.readLong(), in.readLong());
        }
    };
}
