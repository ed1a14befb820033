#ifndef MTC_CRDKAFKA_SHIM_H
#define MTC_CRDKAFKA_SHIM_H

#include <stdint.h>
#include <stddef.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/* rd_kafka_producev and its RD_KAFKA_V_* macros are variadic and not imported into Swift. */
static inline rd_kafka_resp_err_t mtc_kafka_produce(rd_kafka_t *rk, const char *topic,
                                                    const void *key, size_t key_len,
                                                    const void *value, size_t value_len,
                                                    const char *header_name,
                                                    const void *header_value, ssize_t header_len,
                                                    void *opaque) {
    if (header_name != NULL) {
        return rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic),
                                 RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                 RD_KAFKA_V_KEY(key, key_len),
                                 RD_KAFKA_V_VALUE((void *)value, value_len),
                                 RD_KAFKA_V_HEADER(header_name, header_value, header_len),
                                 RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
    }
    return rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic),
                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_KEY(key, key_len),
                             RD_KAFKA_V_VALUE((void *)value, value_len),
                             RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
}

static inline int32_t mtc_kafka_partition_unassigned(void) { return RD_KAFKA_PARTITION_UA; }
static inline int64_t mtc_kafka_offset_beginning(void) { return RD_KAFKA_OFFSET_BEGINNING; }
static inline int16_t mtc_kafka_api_produce(void) { return 0; /* RD_KAFKAP_Produce */ }

#endif
