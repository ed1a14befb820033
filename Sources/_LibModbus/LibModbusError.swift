internal import CModbus
import Foundation

/// Why a libmodbus call failed, read from `errno` right after it on the same thread.
///
/// Plain facts about the call; the client and the simulator turn them into their own errors,
/// with the device and the request in the message.
package struct LibModbusError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// The device answered with this Modbus exception code (1 … 11).
        case exception(UInt8)
        /// The request holds more values than the protocol allows (`EMBMDATA`).
        case tooManyData
        /// The reply did not match the request (transaction, unit, length or function).
        case invalidReply
        /// The reply held `received` values instead of the `expected` ones.
        case shortReply(expected: Int, received: Int)
        /// No (complete) reply within the response or byte timeout.
        case timedOut
        /// libmodbus refused the arguments (`EINVAL`).
        case invalidArgument
        /// The host name does not resolve.
        case unresolvableHost
        /// The process has `limit` or more descriptors open, and libmodbus's `select()` can
        /// only wait on sockets numbered below it.
        case descriptorLimit(Int)
        /// Any other failure of the socket: refused, reset, broken pipe, closed by the peer.
        case transport
    }

    package let kind: Kind
    /// libmodbus's text for the error number (`modbus_strerror`).
    package let reason: String

    package var description: String { reason }

    init(_ kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// Classifies the error number a libmodbus call left.
    init(errno errnum: Int32) {
        let base = mtc_modbus_enobase()
        let reason = Self.describe(errnum)
        if errnum > base, errnum - base <= 0x0B {
            self.init(.exception(UInt8(errnum - base)), reason: reason)
        } else if errnum == base + 0x0B + 5 {
            // EMBMDATA ("too many data") is EMBXGTAR + 5, a macro Swift does not import.
            self.init(.tooManyData, reason: reason)
        } else if errnum > base {
            self.init(.invalidReply, reason: reason)
        } else if errnum == ETIMEDOUT {
            self.init(.timedOut, reason: reason)
        } else if errnum == EINVAL {
            self.init(.invalidArgument, reason: reason)
        } else {
            self.init(.transport, reason: reason)
        }
    }

    static func describe(_ errnum: Int32) -> String {
        String(cString: modbus_strerror(errnum))
    }
}
