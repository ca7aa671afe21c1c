"""Log4j wrapper (not in the index; written for this case): it only uses the JVM gateway."""


class Log4j:
    def __init__(self, spark):
        self.logger = spark._jvm.org.apache.log4j.LogManager.getLogger("sbdl")
