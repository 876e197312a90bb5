package dev.weir.connectors.kafka;

import dev.weir.api.io.SimpleVersionedSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** A prepared Kafka transaction: enough for any process to commit it after the checkpoint completed. */
record KafkaCommittable(String transactionalId, long producerId, short epoch) {

    static final SimpleVersionedSerializer<KafkaCommittable> SERIALIZER = new SimpleVersionedSerializer<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public byte[] serialize(KafkaCommittable committable) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(committable.transactionalId);
            out.writeLong(committable.producerId);
            out.writeShort(committable.epoch);
            return bytes.toByteArray();
        }

        @Override
        public KafkaCommittable deserialize(int version, byte[] bytes) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            return new KafkaCommittable(in.readUTF(), in.readLong(), in.readShort());
        }
    };
}
