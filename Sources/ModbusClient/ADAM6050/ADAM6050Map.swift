/// Where an Advantech ADAM-6050 keeps its points, as 0-based PDU addresses.
///
/// The manual numbers them from 1 with a table prefix ("00001", "00017", "40001"); subtract
/// one and drop the prefix to get these.
public enum ADAM6050Map {
    /// DI0–DI11.
    public static let inputCount = 12
    /// DO0–DO5.
    public static let outputCount = 6
    /// DI k is discrete input k and coil k.
    public static let firstInput = 0
    /// DO k is coil 16 + k.
    public static let firstOutputCoil = 16
    /// Counter k is holding registers 2k (low word) and 2k + 1 (high word).
    public static let firstCounterRegister = 0
    /// Counter k's start/stop, clear, overflow and latch coils are 32 + 4k … 35 + 4k.
    public static let firstCounterControlCoil = 32

    /// The coil of output `channel`.
    public static func outputCoil(_ channel: Int) -> Int { firstOutputCoil + channel }
    /// The low-word holding register of input `channel`'s counter.
    public static func counterRegister(_ channel: Int) -> Int { firstCounterRegister + 2 * channel }
    /// The coil that starts (1) or stops (0) input `channel`'s counter.
    public static func counterStartCoil(_ channel: Int) -> Int { firstCounterControlCoil + 4 * channel }
    /// The coil that clears input `channel`'s counter when written 1.
    public static func counterClearCoil(_ channel: Int) -> Int { firstCounterControlCoil + 4 * channel + 1 }
    /// The coil that reads 1 after input `channel`'s counter wrapped; write 0 to clear it.
    public static func counterOverflowCoil(_ channel: Int) -> Int { firstCounterControlCoil + 4 * channel + 2 }
    /// The coil that latches a rising edge on input `channel`; write 0 to clear it.
    public static func latchCoil(_ channel: Int) -> Int { firstCounterControlCoil + 4 * channel + 3 }
}
