// Every unit test runs with gradients and the CPU backend registered, as the CLI does.
import { setNodeBackend } from './tfNode';

await setNodeBackend('cpu');
