// Every unit test runs with gradients and the CPU backend registered, as the CLI does.
import { useNodeBackend } from './tfNode';

await useNodeBackend('cpu');
