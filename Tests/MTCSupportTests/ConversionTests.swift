import Foundation
import Testing
import _MTCSupport

@Suite struct ConversionTests {
    @Test func durationsConvertToSecondsMillisecondsAndNanoseconds() {
        let duration = Duration.seconds(2) + .nanoseconds(1_500_001)
        #expect(duration.timeInterval == 2.001500001)
        #expect(duration.wholeMilliseconds == 2001)
        #expect(duration.millisecondsRoundedUp == 2002)
        #expect(Duration.milliseconds(7).millisecondsRoundedUp == 7)
        #expect(duration.wholeNanoseconds == 2_001_500_001)
    }

    @Test func datesRoundTripThroughUnixMilliseconds() {
        let date = Date(timeIntervalSince1970: 1_700_000_000.123_9)
        #expect(date.unixMilliseconds == 1_700_000_000_123)
        #expect(Date(unixMilliseconds: 1_700_000_000_123) == date.truncatedToMilliseconds)
        #expect(date.adding(.milliseconds(1500)) == date.addingTimeInterval(1.5))
    }

    @Test func bytesRoundTripThroughLowercaseHex() {
        let bytes: [UInt8] = [0x00, 0x0F, 0xA5, 0xFF]
        #expect(bytes.hexEncodedString() == "000fa5ff")
        #expect([UInt8](hexEncoded: "000fa5ff") == bytes)
        #expect([UInt8](hexEncoded: "000FA5FF") == bytes)
        #expect([UInt8](hexEncoded: "000fa5f") == nil)
        #expect([UInt8](hexEncoded: "000fa5fg") == nil)
        #expect([UInt8](hexEncoded: Array("0a".utf8)[...]) == [0x0A])
        #expect([UInt8]().hexEncodedString() == "")
    }
}
