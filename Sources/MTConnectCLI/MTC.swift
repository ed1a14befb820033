import ArgumentParser
import MTConnectModel

@main
struct MTC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mtc",
        abstract: "Tools for MTConnect documents, SHDR logs, agents and Modbus devices.",
        version: "mtc 0.1.0 (MTConnect Core SDK)",
        subcommands: [
            ParseCommand.self,
            SHDRCommand.self,
            ModbusCommand.self,
            OutboxCommand.self,
            BSONCommand.self,
            FingerprintCommand.self,
            FollowCommand.self,
            SimulateCommand.self,
        ]
    )
}
