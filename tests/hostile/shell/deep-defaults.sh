#!/bin/bash
# Defaults nested 40 deep: expansion stops at the depth limit.
V=${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-${V:-x}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}
spark-submit --master yarn --name "$V" job.py
