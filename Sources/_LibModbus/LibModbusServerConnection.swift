internal import CModbus
import Foundation

/// The server side of one accepted Modbus/TCP connection: a libmodbus context (`modbus_t`)
/// over the client's socket and the buffer of the request being answered.
///
/// Not thread-safe; the thread that serves the connection creates, uses and frees it, and
/// each call blocks that thread (``receive()`` for up to the indication timeout).
package final class LibModbusServerConnection {
    /// What ``receive()`` found.
    package enum Indication {
        /// A request; `pdu` starts at the function code (after the 7-byte MBAP header).
        case request(pdu: ArraySlice<UInt8>)
        /// Nothing within the indication timeout, or a frame without a request in it.
        case nothing
        /// The client left or the connection failed.
        case ended
    }

    private let context: OpaquePointer
    private let headerLength: Int
    private var query = [UInt8](repeating: 0, count: Int(MODBUS_TCP_MAX_ADU_LENGTH))
    private var queryLength: Int32 = 0

    /// Takes over `socket` (closed with the connection); `nil`, with the socket closed, when
    /// libmodbus cannot serve it: its `select()` would abort the process on a descriptor
    /// numbered `FD_SETSIZE` or above, so such a client sees its connection closed instead.
    package init?(acceptedSocket socket: Int32) {
        guard socket < mtc_modbus_fd_setsize(), let context = modbus_new_tcp("127.0.0.1", 502) else {
            close(socket)
            return nil
        }
        // From here `modbus_close` closes the accepted socket.
        modbus_set_socket(context, socket)
        self.context = context
        headerLength = Int(modbus_get_header_length(context))
    }

    deinit {
        modbus_close(context)
        modbus_free(context)
    }

    /// How long ``receive()`` waits for a request before it returns ``Indication/nothing``.
    package func setIndicationTimeout(_ timeout: Duration) {
        LibModbusTimeout.set(timeout, modbus_set_indication_timeout, on: context)
    }

    /// Waits for the next request.
    package func receive() -> Indication {
        let (length, errnum) = query.withUnsafeMutableBufferPointer {
            (modbus_receive(context, $0.baseAddress), mtc_modbus_errno())
        }
        if length < 0 {
            return errnum == ETIMEDOUT ? .nothing : .ended
        }
        guard Int(length) > headerLength else { return .nothing }
        queryLength = length
        return .request(pdu: query[headerLength..<Int(length)])
    }

    /// Answers the last request from `mapping`, into which libmodbus also writes what a
    /// write request carries.
    package func reply(from mapping: LibModbusMapping) {
        _ = modbus_reply(context, query, queryLength, mapping.mapping)
    }

    /// Answers the last request with Modbus exception `code`.
    package func replyException(_ code: UInt8) {
        _ = modbus_reply_exception(context, query, UInt32(code))
    }
}
