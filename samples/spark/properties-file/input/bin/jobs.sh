#!/bin/sh
cd "$(dirname "$0")"
spark-submit --class org.example.Light ../app/light.jar
spark-submit --properties-file ../conf/heavy.properties --class org.example.Heavy ../app/heavy.jar --full
