import Foundation
import Logging
import MTConnectAgent
import MTConnectModel

/// Follows an MTConnect agent (probe, current, sample stream with reconnects) and feeds its
/// observations to the ingest pipeline in small batches.
struct MTConnectMachineReader: MachineReader {
    let machine: MachineRecord
    let source: MachineSourceSettings.MTConnect
    let ingest: IngestPipeline
    /// False under an allow-list: a redirect could lead anywhere.
    let followsRedirects: Bool
    let logger: Logger

    /// Observations are grouped for up to this long so one transaction carries many.
    static let batchWindow = Duration.milliseconds(200)

    func run() async {
        var configuration = AgentFollowerConfiguration()
        configuration.device = source.device
        configuration.interval = source.interval
        // One series per machine, like the Modbus client's `device` label.
        configuration.metricsDimensions = [("machine", machine.id)]
        if !followsRedirects { configuration.maximumRedirects = 0 }
        // An agent that is down for hours is asked once every two minutes at most; each retry
        // is logged by the follower with its delay.
        configuration.backoff.maximum = .seconds(120)
        let follower: AgentFollower
        do {
            follower = try AgentFollower(url: source.agentURL, configuration: configuration, logger: logger)
        } catch {
            logger.error("MTConnect source not started", metadata: ["error": "\(error)"])
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do { try await follower.run() } catch { logger.warning("Agent follower stopped", metadata: ["error": "\(error)"]) }
            }
            var batch: [ObservationInput] = []
            var batchStarted = ContinuousClock.now
            do {
                for try await event in follower.events {
                    if Task.isCancelled { break }
                    switch event {
                    case .observation(let observation):
                        if batch.isEmpty { batchStarted = .now }
                        batch.append(ObservationInput(observation))
                    case .gap(let gap):
                        logger.warning("Agent sequence gap", metadata: ["lost": "\(gap.lost)"])
                        ingest.metrics.recordSequenceGap(machine: machine.id, lost: Int(clamping: gap.lost))
                    case .disconnected(let reason, let retryIn):
                        logger.warning("Agent disconnected", metadata: ["reason": "\(reason)", "retry_in": "\(retryIn)"])
                        ingest.metrics.recordSourceError(source: "mtconnect", kind: "disconnect")
                    default:
                        break
                    }
                    if !batch.isEmpty && (batch.count >= 500 || ContinuousClock.now - batchStarted >= Self.batchWindow) {
                        await flush(&batch)
                    }
                }
            } catch {
                logger.warning("Agent event stream ended", metadata: ["error": "\(error)"])
            }
            await flush(&batch)
            group.cancelAll()
        }
    }

    private func flush(_ batch: inout [ObservationInput]) async {
        guard !batch.isEmpty else { return }
        defer { batch.removeAll(keepingCapacity: true) }
        do {
            _ = try await ingest.ingest(batch, machine: machine, source: "mtconnect")
        } catch is CancellationError {
            logger.debug("Last agent observations dropped at shutdown; the agent still has them")
        } catch {
            logger.error("Ingest of agent observations failed", metadata: ["error": "\(error)"])
        }
    }
}

extension ObservationInput {
    init(_ observation: MTConnectModel.Observation) {
        let value: Value?
        var condition: Condition?
        switch observation.value {
        case .unavailable: value = nil
        case .number(let number): value = .number(number)
        case .text(let text): value = .text(text)
        case .condition(let detail):
            value = detail.message.map { .text($0) }
            condition = Condition(
                level: detail.level.rawValue, nativeCode: detail.nativeCode, nativeSeverity: detail.nativeSeverity,
                qualifier: detail.qualifier, message: detail.message
            )
        default: value = .text(observation.value.text)
        }
        self.init(
            dataItemId: observation.dataItemId,
            timestamp: Date(timeIntervalSince1970: Double(observation.timestamp.microsecondsSinceEpoch) / 1_000_000),
            category: observation.category.rawValue,
            type: Self.dataItemType(observation.type),
            subType: observation.subType,
            name: observation.name,
            sequence: Int64(clamping: observation.sequence),
            value: value,
            condition: condition
        )
    }
}

extension ObservationInput {
    /// Streams documents name observations by element (`PartCount`); probe documents and the
    /// rest of the server use the data item type (`PART_COUNT`).
    static func dataItemType(_ element: String) -> String {
        guard element.contains(where: \.isLowercase) else { return element }
        var result = ""
        var previous: Character?
        for character in element {
            if character.isUppercase, let previous, previous.isLowercase || previous.isNumber {
                result.append("_")
            }
            result.append(character)
            previous = character
        }
        return result.uppercased()
    }
}
