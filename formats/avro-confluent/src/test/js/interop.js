'use strict';
// Confluent's official JavaScript client as an independent producer and consumer of the Confluent
// wire format, for JavaScriptClientInteropTest. Reads one JSON request on stdin and writes one JSON
// answer on stdout:
//   node interop.js produce  {registry, userInfo?, topic, schema, records}  ->  {messages: [base64]}
//   node interop.js consume  {registry, userInfo?, topic, messages}         ->  {records}
// Byte strings (bytes, fixed, decimals) travel as {"$bytes": "<hex>"}; the client leaves logical
// types to the application, so decimals are their unscaled two's-complement bytes and timestamps numbers.
const {
  SchemaRegistryClient, AvroSerializer, AvroDeserializer, SerdeType,
} = require('@confluentinc/schemaregistry');

function client(request) {
  const config = { baseURLs: [request.registry] };
  if (request.userInfo) {
    config.basicAuthCredentials = { credentialsSource: 'USER_INFO', userInfo: request.userInfo };
  }
  return new SchemaRegistryClient(config);
}

function fromJson(value) {
  if (Array.isArray(value)) {
    return value.map(fromJson);
  }
  if (value !== null && typeof value === 'object') {
    if (typeof value.$bytes === 'string') {
      return Buffer.from(value.$bytes, 'hex');
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromJson(v)]));
  }
  return value;
}

function toJson(key, value) {
  if (value && value.type === 'Buffer' && Array.isArray(value.data)) {
    return { $bytes: Buffer.from(value.data).toString('hex') };
  }
  return value;
}

async function produce(request) {
  const registry = client(request);
  // Registered first, then used as the latest version: left alone, the serializer would derive a
  // schema from the JavaScript values, which knows no enums or decimals.
  await registry.register(`${request.topic}-value`, { schemaType: 'AVRO', schema: request.schema });
  const serializer = new AvroSerializer(registry, SerdeType.VALUE, { useLatestVersion: true, autoRegisterSchemas: false });
  const messages = [];
  for (const record of request.records) {
    const bytes = await serializer.serialize(request.topic, fromJson(record));
    messages.push(bytes.toString('base64'));
  }
  return { messages };
}

async function consume(request) {
  const deserializer = new AvroDeserializer(client(request), SerdeType.VALUE, {});
  const records = [];
  for (const message of request.messages) {
    records.push(await deserializer.deserialize(request.topic, Buffer.from(message, 'base64')));
  }
  return { records };
}

async function main() {
  const mode = process.argv[2];
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const answer = mode === 'produce' ? await produce(request)
    : mode === 'consume' ? await consume(request)
      : (() => { throw new Error(`unknown mode '${mode}': use produce or consume`); })();
  process.stdout.write(JSON.stringify(answer, toJson));
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
