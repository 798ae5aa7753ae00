/** The training worker's interface, as the page's layers (lab, ui) see it: dependencies point from lab to worker. */
export * from '../worker/labApi';
