/** The demo models shipped under public/models/, each with a tsviz.json and a test dataset. */
export interface Demo {
  id: string;
  label: string;
  /** model.json path relative to the page. */
  modelPath: string;
}

export const DEMOS: Demo[] = [
  {
    id: 'anomaly',
    label: 'Anomaly detection (synthetic, paper)',
    modelPath: 'models/anomaly/model.json',
  },
  {
    id: 'traffic',
    label: 'Internet traffic forecast (B5M)',
    modelPath: 'models/traffic/model.json',
  },
  { id: 'ecg200', label: 'ECG200 heartbeat classification', modelPath: 'models/ecg200/model.json' },
];

export const DEFAULT_DEMO = DEMOS[0];
