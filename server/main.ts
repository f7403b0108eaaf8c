import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './language-server';

// The transport (--stdio, --node-ipc, --socket=N) is chosen from the command line by createConnection.
startLanguageServer(createConnection(ProposedFeatures.all));
