import NIOCore
import NIOHTTP1
import NIOHTTPCompression

extension AgentSimulator {
    /// Runs on the child channel's event loop, inside the bootstrap's initializer.
    func configurePipeline(_ channel: any Channel) throws {
        let operations = channel.pipeline.syncOperations
        try operations.configureHTTPServerPipeline(withErrorHandling: true)
        if configuration.compressesResponses {
            try operations.addHandler(HTTPResponseCompressor())
        }
        try operations.addHandler(SimulatorHTTPHandler(simulator: self))
    }
}
