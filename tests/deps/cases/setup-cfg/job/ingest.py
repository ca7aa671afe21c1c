import fastavro
import kafka
