import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `mtc parse` streams a file: its memory stays bounded whatever the document's size, and an
/// error early in a huge file ends it at once. Measured as the child's peak RSS (`VmHWM`).
@Suite("mtc parse memory", .serialized)
struct ParseMemoryTests {
    static let mtc = ChildProcess.siblingExecutable(named: "mtc")

    /// Runs `mtc parse FILE`; its exit status and peak resident set in MiB.
    private func parse(_ file: String) throws -> (status: Int32, peakMiB: Double) {
        let pid = try ChildProcess.spawn(try #require(Self.mtc), arguments: ["parse", file]).pid
        // The child's own high-water mark (`VmHWM`), polled while it runs: `wait4`'s
        // `ru_maxrss` would report this test process's size, which a spawned child inherits
        // until its exec.
        var status: Int32 = 0
        var peakKiB = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kib = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1]) {
                peakKiB = max(peakKiB, kib)
            }
            usleep(10_000)
        }
        return ((status >> 8) & 0xFF, Double(peakKiB) / 1024)
    }

    /// A `/sample` document of at least `bytes` bytes, written in slices; `broken` puts an
    /// unclosed tag near its start.
    private func writeDocument(bytes: Int, broken: Bool) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mtc-big-\(UUID().uuidString).xml").path
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.write(contentsOf: Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <MTConnectStreams xmlns="urn:mtconnect.org:MTConnectStreams:2.0"><Header creationTime="2026-01-01T00:00:00Z" sender="test" instanceId="1" version="2.0" bufferSize="100" nextSequence="2" firstSequence="1" lastSequence="1"/><Streams><DeviceStream name="mill" uuid="mill"><ComponentStream component="Path" componentId="p"><Samples>\(broken ? "<PathPosition dataItemId=\"x\"" : "")
            """.utf8))
        var sequence = 0
        var written = 0
        while written < bytes {
            var slice = ""
            for _ in 0..<2_000 {
                slice += #"<PathPosition dataItemId="x" timestamp="2026-01-01T00:00:00.000001Z" sequence="\#(sequence)">1.0 2.0 3.0</PathPosition>"#
                sequence += 1
            }
            try handle.write(contentsOf: Data(slice.utf8))
            written += slice.utf8.count
        }
        try handle.write(contentsOf: Data("</Samples></ComponentStream></DeviceStream></Streams></MTConnectStreams>\n".utf8))
        return path
    }

    @Test(
        "a 120 MB document is parsed in under 64 MiB, and one broken near its start fails at once",
        .enabled(if: mtc != nil, "mtc is not built beside the test bundle (run `swift build`)")
    )
    func memoryStaysBoundedWhateverTheSize() throws {
        let valid = try writeDocument(bytes: 120 << 20, broken: false)
        defer { try? FileManager.default.removeItem(atPath: valid) }
        let parsed = try parse(valid)
        print("ParseMemoryTests: 120 MB valid document, peak RSS \(parsed.peakMiB) MiB")
        #expect(parsed.status == 0)
        #expect(parsed.peakMiB < 64)

        let broken = try writeDocument(bytes: 120 << 20, broken: true)
        defer { try? FileManager.default.removeItem(atPath: broken) }
        let failed = try parse(broken)
        print("ParseMemoryTests: 120 MB document broken at its start, peak RSS \(failed.peakMiB) MiB")
        #expect(failed.status != 0)
        #expect(failed.peakMiB < 64)
    }
}
