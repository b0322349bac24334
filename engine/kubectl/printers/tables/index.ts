/** Importing this registers every kind's table handler. */
import './pods.js';
import './workloads.js';
import './core.js';
import './batch.js';
