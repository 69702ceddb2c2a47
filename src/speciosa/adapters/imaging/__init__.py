"""Photos: decoding (Pillow), ColorChecker detection (OpenCV-contrib `cv2.mcc`), patch and region
sampling, metadata stripping, the content-addressed photo store, and a synthetic chart-photo
renderer for tests, benchmarks and the demo."""
