import ArgumentParser
import MTConnectModel

@main
struct MTC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mtc",
        abstract: "Tools for MTConnect documents, SHDR logs, agents and Modbus devices.",
        subcommands: [
            OutboxCommand.self,
            FingerprintCommand.self,
            ModbusCommand.self,
            ParseCommand.self,
            SHDRCommand.self,
            FollowCommand.self,
            SimulateCommand.self,
        ]
    )
}
