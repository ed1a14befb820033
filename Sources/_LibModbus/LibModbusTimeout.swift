internal import CModbus

/// libmodbus's timeouts are (seconds, microseconds) pairs set on a context.
enum LibModbusTimeout {
    static func set(
        _ duration: Duration, _ setter: (OpaquePointer?, UInt32, UInt32) -> Int32, on context: OpaquePointer
    ) {
        let (seconds, attoseconds) = duration.components
        let clampedSeconds = UInt32(clamping: max(seconds, 0))
        var microseconds = UInt32(clamping: max(attoseconds / 1_000_000_000_000, 0))
        // libmodbus reads 0 s + 0 µs as "wait forever"; a zero timeout means "as short as possible".
        if clampedSeconds == 0, microseconds == 0 {
            microseconds = 1
        }
        _ = setter(context, clampedSeconds, microseconds)
    }
}
